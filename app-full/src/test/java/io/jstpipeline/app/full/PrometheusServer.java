package io.jstpipeline.app.full;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Debian's Prometheus ({@code /usr/bin/prometheus}, the {@code prometheus} package .ci/run installs) as a process
 * of a test, on a free 127.0.0.1 port, scraping the targets it is given every second:
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.start(work, new PrometheusServer.Setup()
 *         .scrape("jst-extractor", "127.0.0.1:" + extractorMetricsPort)
 *         .rules(ROOT.resolve("monitoring/alerts.yml"))      // optional, evaluated every second
 *         .alertmanager("127.0.0.1:" + alertmanagerPort))) { // optional, where firing alerts are sent
 *     prometheus.awaitTargetsUp();
 *     JsonNode series = prometheus.query("sum by (flow) (jst_api_calls_total)");
 * }
 * }</pre>
 *
 * The generated configuration and its log are in {@code work}; {@link #close()} stops the process.
 */
public final class PrometheusServer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/prometheus");
    /** How often targets are scraped and rules evaluated: a test waits a few of these, not compose's 15 s. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration READY = Duration.ofSeconds(60);

    /** What Prometheus scrapes, which rule files it evaluates and the Alertmanager it sends alerts to. */
    public static final class Setup {

        private final Map<String, List<String>> jobs = new LinkedHashMap<>();
        private final List<Path> ruleFiles = new ArrayList<>();
        private final List<String> alertmanagers = new ArrayList<>();

        /** A scrape job: {@code /metrics} of every {@code host:port} target, labelled {@code job=<job>}. */
        public Setup scrape(String job, String... targets) {
            jobs.computeIfAbsent(job, name -> new ArrayList<>()).addAll(List.of(targets));
            return this;
        }

        /** A rule file (alerting or recording rules, Prometheus format), e.g. monitoring/alerts.yml. */
        public Setup rules(Path file) {
            ruleFiles.add(file.toAbsolutePath());
            return this;
        }

        /** An Alertmanager at {@code host:port} that firing and resolved alerts are sent to. */
        public Setup alertmanager(String hostPort) {
            alertmanagers.add(hostPort);
            return this;
        }

        /** prometheus.yml as JSON, which is YAML too: no quoting of targets or paths by hand. */
        private ObjectNode configuration() {
            ObjectNode config = Json.MAPPER.createObjectNode();
            config.putObject("global")
                    .put("scrape_interval", INTERVAL.toSeconds() + "s")
                    .put("scrape_timeout", INTERVAL.toSeconds() + "s")
                    .put("evaluation_interval", INTERVAL.toSeconds() + "s");
            ArrayNode rules = config.putArray("rule_files");
            ruleFiles.forEach(file -> rules.add(file.toString()));
            if (!alertmanagers.isEmpty()) {
                ArrayNode targets = config.putObject("alerting").putArray("alertmanagers").addObject()
                        .putArray("static_configs").addObject().putArray("targets");
                alertmanagers.forEach(targets::add);
            }
            ArrayNode scrapes = config.putArray("scrape_configs");
            jobs.forEach((job, targets) -> {
                ArrayNode list = scrapes.addObject().put("job_name", job).put("metrics_path", "/metrics")
                        .putArray("static_configs").addObject().putArray("targets");
                targets.forEach(list::add);
            });
            return config;
        }
    }

    private final OsProcess process;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(OsProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Writes {@code work/prometheus.yml}, starts Prometheus on it and waits until it is ready (up to 60 s). */
    public static PrometheusServer start(Path work, Setup setup) throws Exception {
        Files.createDirectories(work);
        Path config = work.resolve("prometheus.yml");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), setup.configuration());
        int port = DeployedLayout.freePort();
        List<String> command = List.of(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port);
        Path log = work.resolve("prometheus.log");
        Process started = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        PrometheusServer prometheus = new PrometheusServer(
                new OsProcess("prometheus", command, Map.of(), started, log), "http://127.0.0.1:" + port);
        try {
            prometheus.awaitReady();
            return prometheus;
        } catch (Exception | AssertionError e) {
            prometheus.close();
            throw e;
        }
    }

    /** Its base URL, e.g. for a browser or another client. */
    public String url() {
        return url;
    }

    /**
     * The result of an instant query ({@code /api/v1/query}) at now: for a vector, one element per series, each
     * with its {@code metric} labels and {@code value} [time, "value"]. A query Prometheus refuses (a syntax error,
     * an unknown function) fails with its error and the expression.
     */
    public JsonNode query(String expression) throws Exception {
        return api("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8), expression)
                .path("result");
    }

    /** The alerts of its rules that are pending or firing ({@code /api/v1/alerts}): labels, annotations, state. */
    public JsonNode alerts() throws Exception {
        return api("/api/v1/alerts", "alerts").path("alerts");
    }

    /** Waits until every target has been scraped successfully ({@code health} up), up to 60 s. */
    public void awaitTargetsUp() throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        JsonNode targets = null;
        while (System.nanoTime() < deadline) {
            targets = api("/api/v1/targets?state=active", "targets").path("activeTargets");
            if (targets.size() > 0 && StreamSupport.stream(targets.spliterator(), false)
                    .allMatch(target -> "up".equals(target.path("health").asText()))) {
                return;
            }
            Thread.sleep(INTERVAL.toMillis());
        }
        throw new AssertionError("Prometheus's targets not all up within " + READY.toSeconds() + " s: " + targets);
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new AssertionError("Prometheus exited " + process.process().exitValue() + ":\n" + process.tail());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus not ready within " + READY.toSeconds() + " s:\n" + process.tail());
    }

    /** The {@code data} of an API answer; an error answer fails naming {@code what} was asked. */
    private JsonNode api(String path, String what) throws Exception {
        HttpResponse<String> response = get(path);
        JsonNode answer = Json.MAPPER.readTree(response.body());
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + what + ": " + answer.path("errorType").asText() + ": "
                    + answer.path("error").asText());
        }
        return answer.path("data");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Its last lines, for an assertion's message. */
    public String tail() {
        return process.tail();
    }

    @Override
    public void close() throws Exception {
        process.stop();
    }
}
