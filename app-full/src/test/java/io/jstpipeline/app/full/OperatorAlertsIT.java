package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jstpipeline.common.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts that reach someone, on the deployed layout, each part a process on 127.0.0.1: Debian's Prometheus scraping
 * the extractor, the transformer and mysqld_exporter (watching the database) and evaluating monitoring/alerts.yml
 * (its {@code for:} durations shortened, the expressions as shipped), and Debian's Alertmanager routing with
 * monitoring/alertmanager.yml (the webhook's URL pointed at this test's receiver). The extractor started with a
 * secret the gateway refuses, and the database stopped: each alert arrives at the webhook firing, saying which
 * command to run; both restored, each arrives resolved.
 */
class OperatorAlertsIT {

    private static final Path MONITORING = DeployedLayout.ROOT.resolve("monitoring");
    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final Path MYSQLD_EXPORTER = Path.of("/usr/bin/prometheus-mysqld-exporter");
    /** The receiver's URL monitoring/alertmanager.yml ships with, for the user to replace. */
    private static final String WEBHOOK_PLACEHOLDER = "http://jst-alert-webhook.invalid/REPLACE-WITH-YOUR-WEBHOOK-URL";
    /** Instead of the rules' minutes: the test sees an alert fire within seconds of its signal. */
    private static final String SHORT_FOR = "5s";
    private static final Duration ARRIVES_WITHIN = Duration.ofMinutes(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Every alert the webhook received, in the order Alertmanager posted them. */
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private boolean databaseStopped;

    @Test
    void aRefusedExtractorAndAStoppedDatabaseEachReachTheWebhookWithWhatToDoThenResolve(@TempDir Path work)
            throws Exception {
        DeployedLayout layout = DeployedLayout.shared();
        URI extractorMetrics = URI.create(layout.extractorMetrics());
        HttpServer webhook = webhook();
        OsProcess exporter = null;
        OsProcess alertmanager = null;
        PrometheusServer prometheus = null;
        try {
            int exporterPort = DeployedLayout.freePort();
            exporter = server(work, "mysqld-exporter", List.of(MYSQLD_EXPORTER.toString(),
                            "--web.listen-address=127.0.0.1:" + exporterPort),
                    Map.of("DATA_SOURCE_NAME", "root@tcp(127.0.0.1:" + layout.database().port() + ")/"),
                    "http://127.0.0.1:" + exporterPort + "/metrics");
            int alertmanagerPort = DeployedLayout.freePort();
            // No cluster: one Alertmanager, on the loopback only.
            alertmanager = server(work, "alertmanager", List.of(ALERTMANAGER.toString(),
                            "--config.file=" + alertmanagerConfig(work, webhook),
                            "--storage.path=" + work.resolve("alertmanager-data"),
                            "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address="),
                    Map.of(), "http://127.0.0.1:" + alertmanagerPort + "/-/ready");
            prometheus = PrometheusServer.start(work.resolve("prometheus"), new PrometheusServer.Setup()
                    .scrape("jst-extractor", extractorMetrics.getAuthority())
                    .scrape("jst-transformer", URI.create(layout.transformerMetrics()).getAuthority())
                    .scrape("mysql", "127.0.0.1:" + exporterPort)
                    .rules(rulesWithShortFor(work))
                    .alertmanager("127.0.0.1:" + alertmanagerPort));
            prometheus.awaitTargetsUp();
            assertThat(prometheus.query("mysql_up").path(0).path("value").path(1).asText()).as("mysql_up")
                    .isEqualTo("1");
            assertThat(firing(prometheus)).doesNotContain("JstExtractorDown", "JstDatabaseDown");

            // The gateway refuses a wrong secret (code 25): the extractor stops at its start check, as it would
            // at every restart compose makes.
            layout.extractor().stop();
            Map<String, String> wrongSecret = new LinkedHashMap<>(layout.extractor().env());
            wrongSecret.put("JST_QIMEN_APP_SECRET", "not-the-merchants-secret");
            OsProcess refused = layout.service("extractor-refused", wrongSecret, extractorMetrics.getPort(), "extract");
            assertThat(refused.process().waitFor(2, TimeUnit.MINUTES)).as(refused.output()).isTrue();
            assertThat(refused.process().exitValue()).as(refused.output()).isNotZero();
            assertThat(refused.output()).contains("credentials refused", "code 25");
            System.out.println(refused.output().lines().filter(line -> line.startsWith("jst-pipeline "))
                    .findFirst().orElse(refused.tail()));
            layout.database().stop();
            databaseStopped = true;

            JsonNode extractorDown = awaitAlert("firing", "JstExtractorDown", layout, prometheus);
            JsonNode databaseDown = awaitAlert("firing", "JstDatabaseDown", layout, prometheus);
            assertThat(extractorDown.path("annotations").path("action").asText())
                    .contains("`jst-pipeline check`", "docker compose up -d extractor");
            assertThat(extractorDown.path("annotations").path("description").asText()).contains("code 25");
            assertThat(databaseDown.path("annotations").path("action").asText())
                    .contains("`jst-pipeline check`", "`jst-pipeline connectors restart --failed-only`");
            assertThat(databaseDown.path("labels").path("severity").asText()).isEqualTo("critical");

            restore(layout);
            awaitAlert("resolved", "JstExtractorDown", layout, prometheus);
            awaitAlert("resolved", "JstDatabaseDown", layout, prometheus);
        } finally {
            restore(layout);
            if (prometheus != null) {
                prometheus.close();
            }
            for (OsProcess process : new OsProcess[] {alertmanager, exporter}) {
                if (process != null) {
                    process.stop();
                }
            }
            webhook.stop(0);
        }
    }

    /** The receiver Alertmanager posts to: it keeps every alert of every message. */
    private HttpServer webhook() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            JsonNode message = Json.MAPPER.readTree(exchange.getRequestBody());
            System.out.println("webhook received: " + message);
            message.path("alerts").forEach(received::add);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** monitoring/alertmanager.yml, posting to this test's webhook and grouping within a second, not minutes. */
    private static Path alertmanagerConfig(Path work, HttpServer webhook) throws Exception {
        String config = Files.readString(MONITORING.resolve("alertmanager.yml"));
        config = replaced(config, WEBHOOK_PLACEHOLDER,
                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/alerts");
        config = replaced(config, "group_wait: 30s", "group_wait: 1s");
        config = replaced(config, "group_interval: 5m", "group_interval: 1s");
        Path file = work.resolve("alertmanager.yml");
        Files.writeString(file, config);
        return file;
    }

    /** monitoring/alerts.yml with every {@code for:} shortened; the expressions, labels and texts as they are. */
    private static Path rulesWithShortFor(Path work) throws Exception {
        String rules = Files.readString(MONITORING.resolve("alerts.yml"));
        assertThat(rules).containsPattern("(?m)^\\s+for: ");
        Path file = work.resolve("alerts.yml");
        Files.writeString(file, rules.replaceAll("(?m)^(\\s+for: )\\S+$", "$1" + SHORT_FOR));
        return file;
    }

    private static String replaced(String text, String from, String to) {
        assertThat(text).as("monitoring/alertmanager.yml").contains(from);
        return text.replace(from, to);
    }

    /** The alert named {@code name} once the webhook has received it with {@code status} (firing, resolved). */
    private JsonNode awaitAlert(String status, String name, DeployedLayout layout, PrometheusServer prometheus) {
        try {
            return await().atMost(ARRIVES_WITHIN).pollInterval(Duration.ofSeconds(1))
                    .until(() -> received.stream().filter(alert -> status.equals(alert.path("status").asText())
                                    && name.equals(alert.path("labels").path("alertname").asText())).findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(status + " " + name + " not at the webhook within " + ARRIVES_WITHIN.toMinutes()
                    + " minutes; it received " + received + "\n" + prometheus.tail() + "\n" + layout.logs(), e);
        }
    }

    private static List<String> firing(PrometheusServer prometheus) throws Exception {
        return StreamSupport.stream(prometheus.alerts().spliterator(), false)
                .map(alert -> alert.path("labels").path("alertname").asText()).toList();
    }

    /** The database and the shared extractor running again, as the other tests of the layout expect them. */
    private void restore(DeployedLayout layout) throws Exception {
        if (databaseStopped) {
            layout.database().restart();
            databaseStopped = false;
        }
        if (!layout.extractor().alive()) {
            layout.restart(layout.extractor());
        }
        layout.awaitReady("the extractor and the database restored", () ->
                layout.answers(layout.extractorMetrics() + "/ready") && layout.rows().count("saleout_list_query") > 0);
    }

    /** Starts {@code command} with {@code env} added, its log {@code work/<name>.log}; up once {@code ready} is OK. */
    private OsProcess server(Path work, String name, List<String> command, Map<String, String> env, String ready)
            throws Exception {
        assertThat(Path.of(command.get(0))).as(name + ": apt-get install -y " + Path.of(command.get(0)).getFileName())
                .isExecutable();
        Path log = work.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        OsProcess process = new OsProcess(name, command, env, builder.start(), log);
        try {
            await(name + " answering " + ready).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(URI.create(ready)).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            return process;
        } catch (RuntimeException | AssertionError e) {
            process.stop();
            throw new AssertionError(process.tail(), e);
        }
    }
}
