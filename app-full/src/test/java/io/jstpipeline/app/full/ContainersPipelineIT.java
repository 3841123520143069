package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.app.ExpectedRows;
import io.jstpipeline.app.JstPipeline;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.WorkerProperties;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.embedded.EmbeddedConnect;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The pipeline against the images users run: Kafka from {@code apache/kafka} and MySQL 8.4 through
 * mysql-connector-j (the sink upserting with MySQL's row alias), with {@code jst-pipeline run} and a Connect worker
 * carrying the row sink. Needs a Docker engine: without one it is reported as skipped, not passed.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersPipelineIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Container
    static final MySQLContainer<?> MYSQL = new MySQLContainer<>("mysql:8.4");

    @TempDir
    Path dir;

    @Test
    void runMovesTheSandboxsDocumentsIntoMySql84OverTheApacheKafkaImage() throws Exception {
        Path secrets = Files.writeString(dir.resolve("connect-secrets.properties"),
                "mysql.password=" + MYSQL.getPassword() + "\n");
        LocalDateTime now = QimenTime.now();
        try (EmbeddedConnect connect = EmbeddedConnect.start(WorkerProperties.embedded(), KAFKA.getBootstrapServers(),
                Files.createDirectory(dir.resolve("connect")));
             QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(40, 30, 61)
                     .withRange(now.minusMinutes(30), now.minusMinutes(2)))) {
            String mysqlUrl = "jdbc:mysql://" + MYSQL.getHost() + ":" + MYSQL.getMappedPort(3306) + "/"
                    + MYSQL.getDatabaseName();
            Path config = Files.writeString(dir.resolve("pipeline.yml"), """
                    kafka:
                      bootstrap-servers: %s
                      partitions: 1
                    qimen:
                      gateway-url: %s
                      app-key: %s
                      customer-id: %s
                    extractor:
                      since: P1D
                    transformer:
                      state-dir: %s
                    connect:
                      url: %s
                      mysql-password-ref: ${file:%s:mysql.password}
                    mysql:
                      url: %s
                      user: %s
                    """.formatted(KAFKA.getBootstrapServers(), gateway.gatewayUrl(), gateway.appKey(),
                    gateway.customerId(), dir.resolve("streams"), connect.restUrl(), secrets, mysqlUrl,
                    MYSQL.getUsername()));
            Map<String, String> environment = Map.of("JST_QIMEN_APP_SECRET", gateway.appSecret(),
                    "JST_MYSQL_PASSWORD", MYSQL.getPassword(), "JST_METRICS_PORT", "0");
            StringWriter out = new StringWriter();
            AtomicInteger exit = new AtomicInteger(-1);
            Thread running = new Thread(() -> exit.set(JstPipeline.commandLine(environment, List.of())
                    .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                    .execute("run", "--config", config.toString())), "containers-run");
            running.start();
            try {
                TableRows rows = new TableRows(new DatabaseTarget(mysqlUrl, MYSQL.getUsername(), MYSQL.getPassword()));
                Map<String, Set<String>> expected = DemoRun.expectedRowIds(gateway.saleouts(), gateway.orders());
                ExpectedRows.awaitExactly(rows, expected, Duration.ofMinutes(4), out::toString);
            } finally {
                running.interrupt();
                running.join(Duration.ofSeconds(60).toMillis());
            }
            assertThat(exit.get()).as(out.toString()).isZero();
        }
    }
}
