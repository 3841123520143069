package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.transformer.TransformerService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MySQL password never sits in a connector configuration. Against a MariaDB that checks passwords, as a user
 * with one: after {@code connectors apply}, {@code replay} and {@code run}, every configuration read back over Connect's REST
 * API holds only the reference the worker resolves, and rows reach the table through it. A literal where the
 * reference belongs stops the command naming the key, without echoing it.
 */
class ConnectorSecretsIT {

    private static final String USER = "jst_password_it";
    /** Distinctive, so that finding it anywhere is no coincidence. */
    private static final String PASSWORD = "Pw-9f3c-never-at-rest";
    private static final String FLOW = "secret_note";
    private static final String TABLE = "secret_note_list";
    private static final String MAPPING = """
            tables:
              - name: secret_note_list
                flow: secret_note
                document_id: o_id
                explode: none
                row_id: "{o_id}"
                columns:
                  - {name: o_id, type: bigint, required: true}
                  - {name: buyer_message, type: string(100)}
                  - {name: modified, type: datetime}
                  - {name: ts, type: bigint}
            """;

    @TempDir
    Path dir;

    @Test
    void afterConnectorsApplyReplayAndRunNoConnectorConfigurationHoldsThePassword() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        Path mappings = Files.writeString(dir.resolve("mappings.yml"), MAPPING);
        Path secrets = Files.writeString(dir.resolve("connect-secrets.properties"), "mysql.password=" + PASSWORD + "\n");
        try (EmbeddedMariaDb database = EmbeddedMariaDb.startWithTls(dir.resolve("mariadb"), "jst_secrets", false)) {
            try (Connection c = new DatabaseTarget(database.jdbcUrl(), EmbeddedMariaDb.USER, "").connect();
                 Statement s = c.createStatement()) {
                s.execute("CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "'");
                s.execute("GRANT ALL ON jst_secrets.* TO '" + USER + "'@'127.0.0.1'");
            }
            Map<String, String> environment = Map.of("JST_MYSQL_PASSWORD", PASSWORD,
                    "JST_CONNECT_MYSQL_PASSWORD_REF", "${file:" + secrets + ":mysql.password}");
            String[] target = {"--mappings-file", mappings.toString(),
                    "--bootstrap-servers", pipeline.stack().bootstrapServers(),
                    "--connect-url", pipeline.stack().connectRest().baseUrl(),
                    "--mysql-url", database.jdbcUrl(), "--mysql-user", USER};

            Run topics = run(environment, new String[] {"topics", "apply", "--mappings-file", mappings.toString(),
                    "--bootstrap-servers", pipeline.stack().bootstrapServers()});
            assertThat(topics.exit()).as(topics.out()).isZero();
            Run apply = run(environment, new String[] {"connectors", "apply", "--timeout", "PT60S"}, target);
            assertThat(apply.exit()).as(apply.out()).isZero();
            assertNoConnectorHoldsThePassword(pipeline);

            TableRows rows = new TableRows(new DatabaseTarget(database.jdbcUrl(), USER, PASSWORD));
            try (TransformerService transformer = new TransformerService(Mappings.load(mappings),
                    TransformerService.config(pipeline.stack().kafka(), "jst-connector-secrets-it",
                            Files.createDirectory(dir.resolve("state"))));
                 Producer<String, String> producer = pipeline.producer()) {
                transformer.start();
                producer.send(new ProducerRecord<>(Topics.raw(FLOW), "7101", """
                        {"o_id": 7101, "buyer_message": "到了请放门口", "modified": "2026-12-01 10:00:00", "ts": 3}""")).get();
                // The connector logs in as the user with the password its reference names: the row proves it.
                await().atMost(Duration.ofSeconds(90)).until(() -> rows.count(TABLE) == 1);
            }

            Run replay = run(environment, new String[] {"replay", "--table", TABLE, "--timeout", "PT3M"}, target);
            assertThat(replay.exit()).as(replay.out()).isZero();
            assertThat(rows.count(TABLE)).isEqualTo(1);
            assertNoConnectorHoldsThePassword(pipeline);

            String ran = runUntilTheConnectorRuns(pipeline, environment, mappings, database);
            assertNoConnectorHoldsThePassword(pipeline);
            assertThat(apply.out() + replay.out() + ran).doesNotContain(PASSWORD);
            pipeline.stack().connectRest().deleteConnector(SinkConnectors.name(TABLE));
        }
    }

    /** {@code run} with the same database and mapping, until it has put the connector and it runs; then stopped. */
    private String runUntilTheConnectorRuns(DemoPipeline pipeline, Map<String, String> environment, Path mappings,
                                            EmbeddedMariaDb database) throws Exception {
        LocalDateTime now = QimenTime.now();
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(5, 5, 59).withIdOffset(5_900_000_000L)
                .withRange(now.minusMinutes(8), now.minusMinutes(2)))) {
            Path config = Files.writeString(dir.resolve("run.yml"), """
                    kafka:
                      bootstrap-servers: %s
                    qimen:
                      gateway-url: %s
                      app-key: %s
                      customer-id: %s
                    extractor:
                      instance: connector-secrets-it
                    transformer:
                      application-id: jst-connector-secrets-run
                      state-dir: %s
                      mappings-file: %s
                    connect:
                      url: %s
                    mysql:
                      url: %s
                      user: %s
                    """.formatted(pipeline.stack().bootstrapServers(), gateway.gatewayUrl(), gateway.appKey(),
                    gateway.customerId(), dir.resolve("run-streams"), mappings,
                    pipeline.stack().connectRest().baseUrl(), database.jdbcUrl(), USER));
            Map<String, String> withSecret = new HashMap<>(environment);
            withSecret.put("JST_QIMEN_APP_SECRET", gateway.appSecret());
            withSecret.put("JST_METRICS_PORT", "0");
            StringWriter out = new StringWriter();
            Thread running = new Thread(() -> JstPipeline.commandLine(withSecret).setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(out, true)).execute("run", "--config", config.toString()),
                    "connector-secrets-run");
            running.start();
            try {
                await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(out.toString())
                        .contains(SinkConnectors.name(TABLE) + " RUNNING"));
            } finally {
                running.interrupt();
                running.join(Duration.ofSeconds(60).toMillis());
            }
            return out.toString();
        }
    }

    @Test
    void aLiteralPasswordWhereItsReferenceBelongsStopsTheCommandWithoutEchoingIt() {
        Run apply = run(Map.of("JST_MYSQL_PASSWORD", PASSWORD, "JST_CONNECT_MYSQL_PASSWORD_REF", PASSWORD),
                new String[] {"connectors", "apply"}, "--connect-url", "http://127.0.0.1:9", "--bootstrap-servers",
                "127.0.0.1:9");

        assertThat(apply.exit()).isNotZero();
        assertThat(apply.out()).contains("connect.mysql-password-ref").contains("provider reference")
                .doesNotContain(PASSWORD);
    }

    /** Reads every connector's configuration back over Connect's REST API: none may hold the password. */
    private static void assertNoConnectorHoldsThePassword(DemoPipeline pipeline) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = pipeline.stack().connectRest().baseUrl().replaceAll("/$", "");
        for (String connector : pipeline.stack().connectRest().connectors()) {
            String config = http.send(HttpRequest.newBuilder(URI.create(base + "/connectors/"
                    + URLEncoder.encode(connector, StandardCharsets.UTF_8) + "/config")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(config).as(connector).doesNotContain(PASSWORD);
        }
    }

    private record Run(int exit, String out) {
    }

    private static Run run(Map<String, String> environment, String[] command, String... args) {
        StringWriter out = new StringWriter();
        int exit = JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(out, true))
                .execute(Stream.concat(Arrays.stream(command), Arrays.stream(args)).toArray(String[]::new));
        return new Run(exit, out.toString());
    }
}
