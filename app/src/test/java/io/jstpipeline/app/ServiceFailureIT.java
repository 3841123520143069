package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.embedded.EmbeddedKafka;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that can no longer do its work says so on {@code /ready} (503, with the reason) and ends with a non-zero
 * exit code after one line saying why, so that compose or Kubernetes restarts it, instead of looking alive.
 */
class ServiceFailureIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aTransformerWhoseRawTopicIsDeletedAnswers503AndExitsNonZero() throws Exception {
        // A table of its own, so that deleting its raw topic touches nothing else.
        Path mappings = work.resolve("refunds.yml");
        Files.writeString(mappings, """
                tables:
                  - name: refund_list_query
                    flow: refund
                    document_id: as_id
                    explode: none
                    row_id: "{as_id}"
                    columns:
                      - {name: as_id, type: bigint, required: true}
                      - {name: modified, type: datetime}
                """);
        int port = freePort();
        Command transform = Command.start(Map.of(), "transform", "--mappings-file", mappings.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--application-id", "jst-transformer-failure",
                "--state-dir", work.resolve("state").toString(), "--metrics-port", String.valueOf(port));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> ready(port).statusCode() == 200);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.deleteTopics(List.of("jst.raw.refund")).all().get();
        }

        assertThat(transform.awaitNotReady(port, Duration.ofSeconds(60), "ERROR")).contains("source topics were missing");
        transform.awaitExit(Duration.ofSeconds(60));
        assertThat(transform.exit()).as(transform.err()).isEqualTo(1);
        assertThat(transform.err().lines()).singleElement().asString()
                .startsWith("jst-pipeline transform: ").contains("ERROR");
    }

    @Test
    void anExtractorWhoseFlowsAllStoppedForGoodAnswers503AndExitsNonZero() throws Exception {
        int port = freePort();
        Path secret = work.resolve("secret.txt");
        Path flows = work.resolve("flows.yml");
        // saleout as built in, but run every 2 s: the refusals below come at its second run, not a minute later.
        Files.writeString(flows, """
                flows:
                  - name: saleout
                    method: jushuitan.saleout.list.query
                    listField: datas
                    idField: io_id
                    pageSize: 50
                    cursor: window
                    interval: PT2S
                    maxPagesPerWindow: 40
                """);
        SandboxOptions options = SandboxOptions.defaults().withSaleoutCount(50).withPort(freePort());
        Files.writeString(secret, options.appSecret());
        QimenGateway gateway = QimenGateway.start(options);
        Command extract;
        try {
            extract = Command.start(Map.of(), "extract", "--flows-file", flows.toString(),
                    "--gateway-url", gateway.gatewayUrl(), "--app-key", gateway.appKey(),
                    "--customer-id", gateway.customerId(), "--app-secret-file", secret.toString(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--instance", "failure-it",
                    "--metrics-port", String.valueOf(port));
            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> ready(port).statusCode() == 200);
        } finally {
            gateway.close();
        }
        // The app's secret changed at the gateway: every call is refused with code 25, which no retry mends.
        try (QimenGateway changed = QimenGateway.start(options.withCredentials(options.appKey(), "another-secret",
                options.customerId()))) {
            assertThat(extract.awaitNotReady(port, Duration.ofSeconds(30), "code 25")).contains("saleout");
            extract.awaitExit(Duration.ofSeconds(30));
            assertThat(extract.exit()).as(extract.err()).isEqualTo(1);
            assertThat(extract.err().lines()).singleElement().asString()
                    .startsWith("jst-pipeline extract: ").contains("saleout").contains("code 25");
        }
    }

    @Test
    void anExtractorWithAWrongSecretStopsBeforeItStartsAsCredentialsRefused() throws Exception {
        Path secret = work.resolve("wrong-secret.txt");
        Files.writeString(secret, "wrong-secret");
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(50))) {
            Command extract = Command.start(Map.of(), "extract", "--flow", "saleout",
                    "--gateway-url", gateway.gatewayUrl(), "--app-key", gateway.appKey(),
                    "--customer-id", gateway.customerId(), "--app-secret-file", secret.toString(),
                    "--bootstrap-servers", kafka.bootstrapServers(), "--instance", "failure-it");

            extract.awaitExit(Duration.ofSeconds(30));
            assertThat(extract.exit()).as(extract.err()).isEqualTo(4);
            assertThat(extract.err().lines()).singleElement().asString()
                    .startsWith("jst-pipeline extract: gateway " + gateway.gatewayUrl() + ": credentials refused: ")
                    .contains("code 25");
        }
    }

    /** A command running on a thread of its own, as its process would. */
    private static final class Command {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final AtomicInteger exit = new AtomicInteger(-1);
        private final Thread thread;

        private Command(Map<String, String> environment, String... args) {
            thread = new Thread(() -> exit.set(JstPipeline.commandLine(environment)
                    .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args)),
                    "command-" + args[0]);
        }

        static Command start(Map<String, String> environment, String... args) {
            Command command = new Command(environment, args);
            command.thread.start();
            return command;
        }

        /**
         * Polls {@code /ready} until it answers 503 with a reason, and returns that reason; fails when the command
         * exits first. A failed service answers so until its next check ends it.
         */
        String awaitNotReady(int port, Duration atMost, String because) {
            String[] reason = new String[1];
            await().atMost(atMost).pollInterval(Duration.ofMillis(10)).ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        assertThat(thread.isAlive()).as("running; err: %s", err).isTrue();
                        HttpResponse<String> ready = ready(port);
                        reason[0] = ready.body();
                        return ready.statusCode() == 503 && ready.body().contains(because);
                    });
            return reason[0];
        }

        void awaitExit(Duration atMost) throws InterruptedException {
            thread.join(atMost.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(atMost.toMillis());
                throw new AssertionError("still running after " + atMost + "; out: " + out + " err: " + err);
            }
        }

        int exit() {
            return exit.get();
        }

        String err() {
            return err.toString();
        }
    }

    private static HttpResponse<String> ready(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
