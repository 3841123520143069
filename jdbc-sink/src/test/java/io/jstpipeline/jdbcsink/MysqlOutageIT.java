package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.common.Topics;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** MySQL goes away for 30 s in the middle of a load and comes back: no row is lost, none is written twice. */
class MysqlOutageIT {

    private static final int ROWS = 3000;
    private static final String PREFIX = "outage-";

    @Test
    void theSinkRidesOutAThirtySecondOutage() throws Exception {
        SinkStack stack = SinkStack.get();
        EmbeddedMariaDb mariaDb = stack.mariaDb;
        Set<String> expected = new TreeSet<>();
        try (Producer<String, String> producer = stack.producer()) {
            for (int i = 0; i < ROWS; i++) {
                String id = PREFIX + i;
                expected.add(id);
                producer.send(new ProducerRecord<>(Topics.rows(SinkStack.TABLE.name()), id, SinkStack.row(id)
                        .put("io_id", 95_000_000L + i).put("items_qty", i).toString()));
                if (i == ROWS / 3) {
                    producer.flush();
                    await().atMost(Duration.ofMinutes(2)).until(() -> ours(stack) > 0);
                    mariaDb.stop();
                }
            }
        }
        Thread.sleep(Duration.ofSeconds(30).toMillis());
        mariaDb.restart();

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> ours(stack) >= ROWS);
        assertThat(ours(stack)).as("every row, none twice").isEqualTo(ROWS);
        assertThat(stack.ids()).containsAll(expected);
        assertThat(stack.running()).isTrue();
    }

    private static long ours(SinkStack stack) throws Exception {
        try (Connection c = stack.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM " + SinkStack.TABLE.name() + " WHERE id LIKE '" + PREFIX + "%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
