package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.sandbox.SaleoutGenerator;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** MySQL goes away for 30 s in the middle of a load and comes back: no row is lost, none is written twice. */
class MysqlOutageIT {

    /** Ids of their own, so that these notes meet no other test's rows. */
    private static final long ID_OFFSET = 87_000_000L;
    private static final int NOTES = 1500;
    private static final long FIRST_IO_ID = 10_000_001L;

    @Test
    void theSinkRidesOutAThirtySecondOutage() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        EmbeddedMariaDb mariaDb = pipeline.stack().embeddedMariaDb();
        List<ObjectNode> notes = new SaleoutGenerator(99, NOTES, QimenTime.now().minusDays(3), QimenTime.now(),
                ID_OFFSET).documents();
        Set<String> expected = DemoRun.expectedRowIds(notes, List.of()).get("saleout_list_query");

        try (Producer<String, String> producer = pipeline.producer()) {
            for (int i = 0; i < notes.size(); i++) {
                ObjectNode note = notes.get(i);
                producer.send(new ProducerRecord<>(Topics.raw("saleout"), note.get("o_id").asText(),
                        Json.MAPPER.writeValueAsString(note)));
                if (i == notes.size() / 3) {
                    producer.flush();
                    await().atMost(Duration.ofMinutes(2)).until(() -> ours(pipeline) > 0);
                    mariaDb.stop();
                }
            }
        }
        Thread.sleep(Duration.ofSeconds(30).toMillis());
        mariaDb.restart();

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ours(pipeline) >= expected.size());
        assertThat(ours(pipeline)).as("every row, none twice").isEqualTo(expected.size());
        assertThat(pipeline.tableRows().ids(DemoPipeline.TABLE.name(), DemoPipeline.TABLE.idColumn()))
                .containsAll(expected);
        String connector = SinkConnectors.name(DemoPipeline.TABLE.name());
        assertThat(pipeline.stack().connectRest().status(connector).running()).isTrue();
    }

    private static long ours(DemoPipeline pipeline) throws Exception {
        try (Connection c = pipeline.tableRows().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + DemoPipeline.TABLE.name()
                     + " WHERE io_id BETWEEN " + (ID_OFFSET + FIRST_IO_ID) + " AND " + (ID_OFFSET + FIRST_IO_ID + NOTES))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
