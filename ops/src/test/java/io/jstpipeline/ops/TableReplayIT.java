package io.jstpipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.mapping.TableDdl;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A table rebuilt from its raw topic: every row the documents make, nothing the table held besides. */
class TableReplayIT {

    private static final String TABLE = "order_list_query";

    @Test
    void aTableIsRebuiltFromTheRawTopicAndWhatItHeldBesidesIsGone() throws Exception {
        OpsStack stack = OpsStack.get();
        TableSchema.create(stack.database(), TableDdl.createTable(OpsStack.MAPPINGS.table(TABLE)));
        try (Connection c = stack.tableRows().connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''"); // a bare row: only its id matters here
            s.execute("INSERT INTO " + TABLE + " (id, o_id) VALUES ('stale-1', 1)");
        }
        List<String> progress = new ArrayList<>();

        long rows = new TableReplay(stack.bootstrapServers(), stack.connectRest(), stack.database(), OpsStack.MAPPINGS,
                OpsStack.LAYOUT)
                .replay(TABLE, Duration.ofMinutes(3), progress::add);

        Set<String> expected = paymentRowIds(stack.gateway.orders());
        assertThat(stack.tableRows().ids(TABLE, "id")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows).isEqualTo(expected.size());
        assertThat(progress).anyMatch(line -> line.contains("replaying jst.raw.order into " + TABLE + "__replay"));
        try (Connection c = stack.tableRows().connect()) {
            assertThat(c.getMetaData().getTables(null, null, TABLE + "__replay", null).next())
                    .as("the staging table is gone").isFalse();
        }
        assertThat(stack.connectRest().connectors()).as("the staging connector is gone")
                .doesNotContain("jst-sink-" + TABLE + "__replay");
    }

    /** {@code {o_id}-{pay_id}}, or {@code {o_id}-none} for an order without payments. */
    static Set<String> paymentRowIds(List<? extends JsonNode> orders) {
        Set<String> ids = new HashSet<>();
        for (JsonNode order : orders) {
            String prefix = order.path("o_id").asText() + "-";
            order.path("pays").forEach(pay -> ids.add(prefix + pay.path("pay_id").asText()));
            if (order.path("pays").isEmpty()) {
                ids.add(prefix + "none");
            }
        }
        return ids;
    }
}
