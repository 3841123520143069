package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.common.DatabaseTls;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.WorkerProperties;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.embedded.EmbeddedServers;
import io.jstpipeline.embedded.SaslSslListener;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline against a Kafka cluster reached only over SASL_SSL (PLAIN over TLS, a self-signed certificate made
 * in the test), as a managed cluster is: a client without TLS or without the login is refused, and with the
 * client properties of {@code kafka.client-file} and {@code kafka.client} (secrets from the environment and a file)
 * {@code topics apply}, {@code run} (extract, transform and the sink, whose Connect worker logs in too) and
 * {@code status} work, the secrets in no output.
 */
class SaslSslPipelineIT {

    private static final String USER = "jst";
    private static final String PASSWORD = "sasl-pass-5d1c";
    private static final long ID_OFFSET = 6_000_000_000L;

    @TempDir
    static Path work;

    private static SaslSslListener listener;
    private static EmbeddedServers servers;

    @BeforeAll
    static void startSecuredStack() throws Exception {
        listener = SaslSslListener.generate(work.resolve("tls"), Map.of(USER, PASSWORD));
        // The sink's worker is a client of the cluster like any other: its consumers, producers and admin log in.
        // MariaDB refuses every unencrypted connection: the sink and the commands reach it over TLS, checking its CA.
        servers = EmbeddedServers.start("jst-sasl-ssl-",
                directory -> EmbeddedMariaDb.startWithTls(directory, "jst", true), workerProperties(), listener);
    }

    private static Map<String, String> workerProperties() {
        Map<String, String> worker = new HashMap<>(WorkerProperties.embedded());
        worker.putAll(listener.connectWorkerProperties(USER, PASSWORD));
        return worker;
    }

    @AfterAll
    static void stopStack() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aClientWithoutTlsOrWithoutTheLoginIsRefused() {
        Properties plaintext = new Properties();
        plaintext.put("bootstrap.servers", servers.kafka().bootstrapServers());
        plaintext.put("default.api.timeout.ms", "5000");
        plaintext.put("request.timeout.ms", "2000");
        try (Admin admin = Admin.create(plaintext)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }

        Properties wrongPassword = new Properties();
        wrongPassword.putAll(plaintext);
        wrongPassword.putAll(listener.clientProperties(USER, "not-the-password"));
        try (Admin admin = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void topicsRunAndStatusWorkOverSaslSslWithTheSecretsInNoOutput() throws Exception {
        EmbeddedMariaDb mariaDb = servers.mariaDb();
        DatabaseTarget database = new DatabaseTarget(mariaDb.jdbcUrl(), EmbeddedMariaDb.USER, "",
                new DatabaseTls(DatabaseTls.Mode.VERIFY_CA, mariaDb.tlsCaFile()));
        Path config = configuration();
        Map<String, String> environment = Map.of("KAFKA_PASSWORD", PASSWORD);

        Run apply = run(environment, "topics", "apply", "--config", config.toString());
        assertThat(apply.exit).as(apply.out + apply.err).isZero();

        LocalDateTime now = QimenTime.now();
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(30, 20, 47).withIdOffset(ID_OFFSET)
                .withRange(now.minusMinutes(8), now.minusMinutes(2)))) {
            Path runConfig = work.resolve("run.yml");
            Files.writeString(runConfig, Files.readString(config) + """
                    qimen:
                      gateway-url: %s
                      app-key: %s
                      customer-id: %s
                    extractor:
                      since: P31D
                    transformer:
                      state-dir: %s
                    connect:
                      url: %s
                    mysql:
                      url: %s
                      user: %s
                      tls: verify-ca
                      tls-ca-file: %s
                    """.formatted(gateway.gatewayUrl(), gateway.appKey(), gateway.customerId(),
                    work.resolve("streams"), servers.connect().restUrl(), database.jdbcUrl(), database.user(),
                    mariaDb.tlsCaFile()));
            Map<String, String> runEnvironment = Map.of("KAFKA_PASSWORD", PASSWORD,
                    "JST_QIMEN_APP_SECRET", gateway.appSecret(), "JST_METRICS_PORT", Integer.toString(freePort()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            AtomicInteger exit = new AtomicInteger(-1);
            Thread running = new Thread(() -> exit.set(JstPipeline.commandLine(runEnvironment)
                    .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute("run", "--config", runConfig.toString())), "sasl-ssl-run");
            running.start();
            try {
                TableRows rows = new TableRows(database);
                Map<String, Set<String>> expected = DemoRun.expectedRowIds(gateway.saleouts(), gateway.orders());
                ExpectedRows.awaitAmong(rows, expected, Duration.ofMinutes(3), () -> out.toString() + err);
            } finally {
                running.interrupt();
                running.join(Duration.ofSeconds(60).toMillis());
            }
            assertThat(exit.get()).as(out + "\n" + err).isZero();
            assertSecretsIn(out + err.toString());

            Run status = run(runEnvironment, "status", "--config", runConfig.toString());
            assertThat(status.exit).as(status.out + status.err).isZero();
            assertThat(status.out).contains("Extractor cursors", "jst-transformer", "Dead letters");
            assertSecretsIn(status.out + status.err);
        }

        Run printed = run(environment, "topics", "check", "--config", config.toString(), "--print-config");
        assertThat(printed.out).contains("    sasl.jaas.config: ******  # from " + config,
                "    security.protocol: \"SASL_SSL\"  # from " + work.resolve("client.properties"));
        assertSecretsIn(printed.out);

        Run refused = run(Map.of("KAFKA_PASSWORD", "not-the-password"), "topics", "check", "--config",
                config.toString());
        assertThat(refused.exit).as(refused.out + refused.err).isNotZero();
        assertThat(refused.out + refused.err).contains("Authentication failed").doesNotContain("not-the-password");
    }

    /**
     * The client file holds what is not secret, as a {@code --command-config} file of the Kafka tools would; the
     * configuration file's kafka.client the login, its password from the environment and the truststore's from a
     * file, as Kafka's config providers read them.
     */
    private static Path configuration() throws Exception {
        Path clientFile = work.resolve("client.properties");
        Files.writeString(clientFile, """
                security.protocol=SASL_SSL
                sasl.mechanism=%s
                ssl.truststore.type=PKCS12
                ssl.truststore.location=%s
                """.formatted(SaslSslListener.MECHANISM, listener.truststore()));
        Path secrets = work.resolve("kafka-secrets.properties");
        Files.writeString(secrets, "truststore.password=" + listener.storePassword() + "\n");
        Path config = work.resolve("pipeline.yml");
        Files.writeString(config, """
                kafka:
                  bootstrap-servers: %s
                  client-file: %s
                  client:
                    sasl.jaas.config: >-
                      org.apache.kafka.common.security.plain.PlainLoginModule required
                      username="%s" password="${env:KAFKA_PASSWORD}";
                    ssl.truststore.password: ${file:%s:truststore.password}
                """.formatted(servers.kafka().bootstrapServers(), clientFile, USER, secrets));
        return config;
    }

    /** The run's metrics are on, so that its gauges (an admin client, lag consumers) log in too. */
    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void assertSecretsIn(String output) {
        assertThat(output).doesNotContain(PASSWORD, listener.storePassword());
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
