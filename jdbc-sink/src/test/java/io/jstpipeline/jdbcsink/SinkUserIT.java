package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.common.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The sink connector runs as {@value SinkStack#SINK_USER}, who has only SELECT, INSERT, UPDATE and DELETE on the
 * schema and must use TLS: its rows arrive, the user cannot connect in the clear, nor drop a table.
 */
class SinkUserIT {

    @Test
    void theSinkWritesRowsOverTlsAsAUserWhoMayOnlyReadAndWriteRows() throws Exception {
        SinkStack stack = SinkStack.get();
        String table = SinkStack.TABLE.name();
        try (Producer<String, String> producer = stack.producer()) {
            producer.send(new ProducerRecord<>(Topics.rows(table), "least-privilege-1",
                    SinkStack.row("least-privilege-1").put("io_id", 97_000_001L).toString())).get();
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> stack.ids().contains("least-privilege-1"));
        assertThat(stack.running()).isTrue();

        Map<String, String> sink = stack.sinkConnection();
        assertThatThrownBy(() -> DriverManager.getConnection(sink.get(RowSinkConfig.CONNECTION_URL),
                SinkStack.SINK_USER, SinkStack.SINK_PASSWORD).close())
                .as("in the clear").isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
        Map<String, String> asTheSink = new HashMap<>(sink);
        asTheSink.put(RowSinkConfig.TABLE, table);
        try (Connection c = new RowSinkConfig(asTheSink).connect();
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DROP TABLE " + table)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("DROP command denied");
        }
        assertThat(stack.ids()).contains("least-privilege-1");
    }
}
