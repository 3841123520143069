package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jst-pipeline run --config FILE} against the shared stack's Kafka, Connect and MariaDB as outside
 * services: the sandbox's documents end up as rows, and an interrupt stops it cleanly.
 */
class RunCommandIT {

    private static final long ID_OFFSET = 4_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void runFillsTheTablesFromTheConfiguredGatewayAndStopsOnInterrupt() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        DatabaseTarget database = pipeline.stack().database();
        // A flow's cursor is shared by every extractor on the stack, and earlier ITs move it to now: documents
        // of the last minutes are read by the first run either way (the incremental run looks back 10 minutes).
        LocalDateTime now = QimenTime.now();
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(40, 30, 43).withIdOffset(ID_OFFSET)
                .withRange(now.minusMinutes(8), now.minusMinutes(2)))) {
            Path config = dir.resolve("pipeline.yml");
            // An application id of its own: the run's transformer leaving must not move the shared one's work.
            Files.writeString(config, """
                    kafka:
                      bootstrap-servers: %s
                    qimen:
                      gateway-url: %s
                      app-key: %s
                      customer-id: %s
                    extractor:
                      instance: run-it
                      since: P31D
                    transformer:
                      application-id: %s
                      state-dir: %s
                    connect:
                      url: %s
                    mysql:
                      url: %s
                      user: %s
                    """.formatted(pipeline.stack().bootstrapServers(), gateway.gatewayUrl(), gateway.appKey(),
                    gateway.customerId(), "jst-transformer-run-it", dir.resolve("streams"),
                    pipeline.stack().connectRest().baseUrl(), database.jdbcUrl(), database.user()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            AtomicInteger exit = new AtomicInteger(-1);
            Thread run = new Thread(() -> exit.set(JstPipeline.commandLine(Map.of(
                            "JST_QIMEN_APP_SECRET", gateway.appSecret(), "JST_MYSQL_PASSWORD", database.password()))
                    .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute("run", "--config", config.toString())), "run-command-it");
            run.start();
            try {
                TableRows rows = new TableRows(database);
                Map<String, Set<String>> expected = DemoRun.expectedRowIds(gateway.saleouts(), gateway.orders());
                ExpectedRows.awaitAmong(rows, expected, Duration.ofMinutes(3), () -> out.toString() + err);
            } finally {
                run.interrupt();
                run.join(Duration.ofSeconds(60).toMillis());
            }
            assertThat(run.isAlive()).isFalse();
            assertThat(exit.get()).as(out + "\n" + err).isZero();
            assertThat(out.toString()).contains("Topics in place", "put jst-sink-saleout_list_query",
                    "Running: extracting [saleout, order]", "Stopped.");
            assertThat(out + err.toString()).doesNotContain(gateway.appSecret());
        }
    }
}
