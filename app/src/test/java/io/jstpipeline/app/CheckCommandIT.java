package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} against the embedded stack as the pipeline leaves it, and every command stopping in one line
 * naming the part that is not there, with the exit code of its kind, within seconds.
 */
class CheckCommandIT {

    @TempDir
    Path dir;

    @Test
    void aDeploymentAsThePipelineLaysItOutIsOkLineByLineAndAsJson() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(5))) {
            Map<String, String> environment = environment(pipeline, gateway, pipeline.stack().database());

            Run check = run(environment, "check");

            assertThat(check.exit()).as(check.toString()).isZero();
            assertThat(check.out().lines()).as(check.toString()).hasSize(5).allMatch(line -> line.startsWith("OK "));
            assertThat(check.out()).contains("OK    kafka    " + pipeline.stack().bootstrapServers() + ": 1 broker, "
                            + "cluster ")
                    .contains("OK    connect  " + pipeline.stack().connectRest().baseUrl())
                    .contains("sink plugin installed, " + DemoPipeline.MAPPINGS.tables().size() + " sink connector(s) RUNNING")
                    .contains("OK    gateway  " + gateway.gatewayUrl() + ": app key " + gateway.appKey());

            Run json = run(environment, "check", "--json");
            assertThat(json.exit()).isZero();
            JsonNode report = Json.MAPPER.readTree(json.out());
            assertThat(report.path("ok").asBoolean()).isTrue();
            assertThat(report.path("components").findValuesAsText("component"))
                    .containsExactly("kafka", "topics", "connect", "mysql", "gateway");
            assertThat(report.path("components").get(3).path("target").asText())
                    .isEqualTo(pipeline.stack().database().jdbcUrl());
        }
    }

    @Test
    void aDatabaseStoppedIsUnreachableNamingItsUrl() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        EmbeddedMariaDb stopped = EmbeddedMariaDb.start(dir, "jst");
        stopped.stop();
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(5))) {
            Run check = run(environment(pipeline, gateway, new DatabaseTarget(stopped.jdbcUrl(), "jst", "")), "check");

            assertThat(check.exit()).as(check.toString()).isEqualTo(3);
            assertThat(check.out()).contains("FAIL  mysql    " + stopped.jdbcUrl() + ": ")
                    .contains("OK    kafka").contains("OK    gateway");
        }
    }

    @Test
    void kafkaNotThereStopsEveryCommandInOneLineNamingItWithinSeconds() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        String nowhere = "127.0.0.1:" + closedPort();
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(5));
             CapturedLogs logs = new CapturedLogs()) {
            Map<String, String> environment = new HashMap<>(environment(pipeline, gateway,
                    pipeline.stack().database()));
            environment.put("JST_KAFKA_BOOTSTRAP_SERVERS", nowhere);
            for (List<String> command : List.of(List.of("topics", "apply"), List.of("topics", "check"),
                    List.of("status"), List.of("transform"), List.of("extract", "--once"),
                    List.of("backfill", "--flow", "saleout", "--from", "2024-01-01", "--to", "2024-01-02"), List.of("connectors", "apply"),
                    List.of("replay", "--table", "saleout_list_query"), List.of("run"))) {
                long started = System.nanoTime();
                Run run = run(environment, command.toArray(String[]::new));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(run.exit()).as(run.toString()).isEqualTo(3);
                assertThat(run.err().lines()).as(run.toString()).singleElement().asString()
                        .startsWith("jst-pipeline " + String.join(" ", command.stream()
                                .takeWhile(word -> !word.startsWith("-")).toList()) + ": kafka " + nowhere
                                + ": cannot connect");
                assertThat(took).as(run.toString()).isLessThan(Duration.ofSeconds(15));
            }
            assertThat(logs.text()).as("no Kafka client was built to retry for a minute").doesNotContain("NetworkClient");
        }
    }

    /** Everything the pipeline's commands read, as a deployment's environment gives it. */
    static Map<String, String> environment(DemoPipeline pipeline, QimenGateway gateway, DatabaseTarget database) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "JST_KAFKA_BOOTSTRAP_SERVERS", pipeline.stack().bootstrapServers(),
                "JST_CONNECT_URL", pipeline.stack().connectRest().baseUrl(),
                "JST_MYSQL_URL", database.jdbcUrl(),
                "JST_MYSQL_USER", database.user(),
                "JST_QIMEN_GATEWAY_URL", gateway.gatewayUrl(),
                "JST_QIMEN_APP_KEY", gateway.appKey(),
                "JST_QIMEN_APP_SECRET", gateway.appSecret(),
                "JST_QIMEN_CUSTOMER_ID", gateway.customerId()));
        if (!database.password().isEmpty()) {
            environment.put("JST_MYSQL_PASSWORD", database.password());
        }
        return environment;
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
