package io.jstpipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.qimen.QimenClient;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The API against MySQL: a row deleted behind the pipeline's back is missing (and repaired); a stray row of a
 * document the window holds is extra and removed (a delete the sink missed), one of a document it does not hold is
 * only reported.
 */
class ReconciliationIT {

    private static final String TABLE = "saleout_list_query";

    @Test
    void aDeletedRowIsMissingAndRepairedAndAStrayRowIsExtraAndRemovedWhenItsDocumentNoLongerMakesIt() throws Exception {
        OpsStack stack = OpsStack.get();
        new TableReplay(stack.kafka(), stack.connectRest(), stack.database(), OpsStack.MAPPINGS,
                OpsStack.LAYOUT, OpsStack.SINKS)
                .replay(TABLE, Duration.ofMinutes(3), line -> { });
        String connector = SinkConnectors.name(TABLE);
        stack.connectRest().putConnector(connector, OpsStack.SINKS.config(Mappings.builtIn().table(TABLE), stack.database()));
        stack.connectRest().awaitRunning(connector, Duration.ofSeconds(60));
        Set<String> loaded = stack.tableRows().ids(TABLE, "id");
        String deleted = loaded.iterator().next();
        try (Connection c = stack.tableRows().connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + TABLE + " WHERE id = '" + deleted + "'");
            s.execute("INSERT INTO " + TABLE + " (id, io_id, modified) SELECT 'stray-1', io_id, modified FROM " + TABLE
                    + " LIMIT 1");
            s.execute("INSERT INTO " + TABLE + " (id, io_id, modified) SELECT 'stray-2', 1, modified FROM " + TABLE
                    + " LIMIT 1");
        }

        List<Reconciliation.TableResult> results;
        try (QimenClient client = new QimenClient(stack.credentials());
             Producer<String, String> repairs = new KafkaProducer<>(Map.of("bootstrap.servers",
                     stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            results = new Reconciliation(FlowCatalog.builtIn().flow("saleout"), OpsStack.MAPPINGS, client,
                    OpsStack.unlimited(), stack.tableRows(), repairs)
                    .run(stack.gateway.options().from(), stack.gateway.options().to(), result -> { });
        }

        assertThat(results).allMatch(result -> result.table().equals(TABLE));
        assertThat(results.stream().flatMap(result -> result.missing().stream())).containsExactly(deleted);
        assertThat(results.stream().flatMap(result -> result.extra().stream()))
                .containsExactlyInAnyOrder("stray-1", "stray-2");
        assertThat(results.stream().mapToInt(Reconciliation.TableResult::removed).sum()).isEqualTo(1);
        assertThat(results.stream().mapToInt(Reconciliation.TableResult::expected).sum()).isEqualTo(loaded.size());
        await().atMost(Duration.ofMinutes(1)).until(() -> stack.tableRows().ids(TABLE, "id").contains(deleted)
                && !stack.tableRows().ids(TABLE, "id").contains("stray-1"));
        assertThat(stack.tableRows().ids(TABLE, "id")).as("a document the API does not have in the window may have "
                + "moved to a later one: its row is left alone").contains("stray-2");
        stack.connectRest().deleteConnector(connector);
    }
}
