package io.jstpipeline.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.common.Topics;
import io.jstpipeline.jdbcsink.RowSinkConfig;
import io.jstpipeline.mapping.Mappings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A row the database rejects fails the task of a sink that tolerates no error; the watchdog restarts it with
 * pauses, and gives up loudly once restarting does not help, naming the database's error.
 */
class SinkWatchdogIT {

    private static final String TABLE = "watchdog_it";

    @Test
    void aTaskFailedOnARejectedRowIsRestartedThenReportedWithTheDatabasesError() throws Exception {
        ConnectRestClient rest = ConnectStack.rest();
        String connector = SinkConnectors.name(TABLE);
        try (Admin admin = ConnectStack.admin()) {
            admin.createTopics(List.of(new NewTopic(Topics.rows(TABLE), 1, (short) 1))).all().get();
        }
        TableSchema.create(ConnectStack.database(),
                "CREATE TABLE IF NOT EXISTS " + TABLE + " (id VARCHAR(64) NOT NULL PRIMARY KEY, amount DECIMAL(4,2))");
        Map<String, String> config = new SinkConnectors((short) 1).config(Mappings.builtIn().table("saleout_list_query"),
                ConnectStack.database(), TABLE);
        // Rows of this table carry their schema in the message and have no version.
        config.remove(RowSinkConfig.VERSION_COLUMNS);
        // A connector that tolerates no error: a refused row fails its task instead of going to the dead letters.
        config.put("errors.tolerance", "none");
        config.remove("errors.deadletterqueue.topic.name");
        rest.putConnector(connector, config);
        try (SinkWatchdog watchdog = new SinkWatchdog(rest, List.of(connector),
                new SinkWatchdog.Settings(Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(400), 3,
                        Duration.ofMinutes(1)))
                .start();
             Producer<String, String> producer = ConnectStack.producer()) {
            // Sent straight to the row topic, past the transformer's checks: MySQL refuses the number.
            producer.send(new ProducerRecord<>(Topics.rows(TABLE), "r-1", """
                    {"schema": {"type": "struct", "optional": false, "fields": [
                      {"field": "id", "type": "string", "optional": false},
                      {"field": "amount", "type": "bytes", "optional": true, "name": "org.apache.kafka.connect.data.Decimal",
                       "version": 1, "parameters": {"scale": "2"}}]},
                     "payload": {"id": "r-1", "amount": 12345.67}}""")).get();

            await().atMost(Duration.ofMinutes(2)).until(() -> watchdog.health().stream()
                    .anyMatch(SinkWatchdog.TaskHealth::gaveUp));
            SinkWatchdog.TaskHealth task = watchdog.health().get(0);
            assertThat(watchdog.restarts(connector)).isEqualTo(3);
            assertThat(task.state()).isEqualTo("FAILED");
            assertThat(task.lastError()).containsIgnoringCase("out of range");
        } finally {
            rest.deleteConnector(connector);
        }
    }
}
