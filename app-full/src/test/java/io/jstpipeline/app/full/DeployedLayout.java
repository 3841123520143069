package io.jstpipeline.app.full;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.embedded.EmbeddedKafka;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;

/**
 * The layout of docker-compose.yml as OS processes, without Docker: a KRaft broker ({@code kafka.Kafka}), a
 * distributed Connect worker ({@code ConnectDistributed} with the jst-jdbc-sink plugin directory on its plugin
 * path and the compose worker properties), MariaDB, the sandbox as its own JVM, and the service runtime's jar run
 * with compose's commands, configuration file and environment names. Nothing is created for the services: they
 * lay out their topics and connectors themselves, as compose's one-shot services {@code topics apply} and
 * {@code connectors apply} do, which {@link #start} runs first. The broker and the worker run compose's Prometheus
 * JMX exporter agent with monitoring/jmx's rules ({@link #brokerMetrics()}, {@link #connectMetrics()}).
 */
public final class DeployedLayout implements AutoCloseable {

    public static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    public static final Path SERVICE_JAR = ROOT.resolve("app/target/jst-pipeline.jar");
    public static final Path FULL_JAR = ROOT.resolve("app-full/target/jst-pipeline-full.jar");
    public static final Path COMPOSE_CONFIG = ROOT.resolve("config/pipeline.compose.yml");
    private static final Path PLUGIN_PATH = ROOT.resolve("jdbc-sink/target/plugin");
    private static final Path WORKER_PROPERTIES = ROOT.resolve("deploy/connect-distributed.properties");
    /** The Prometheus JMX exporter's agent (app-full's build copies it) and its rules for each JVM. */
    private static final Path JMX_AGENT = ROOT.resolve("app-full/target/jmx/jmx_prometheus_javaagent.jar");
    private static final Path BROKER_JMX_RULES = ROOT.resolve("monitoring/jmx/kafka.yml");
    private static final Path CONNECT_JMX_RULES = ROOT.resolve("monitoring/jmx/connect.yml");
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    /**
     * The heap every JVM of the layout gets: the -Xmx README's deployment section and docker-compose.yml give the
     * extractor, the transformer and the Connect worker, within which ServiceMemoryIT measures them.
     */
    public static final String HEAP = "-Xmx512m";
    private static final Duration READY = Duration.ofMinutes(2);
    private static final Duration ONE_SHOT = Duration.ofMinutes(5);
    public static final String DATABASE = "jst";

    /** A one-shot command that ended: its exit code and everything it printed. */
    public record Finished(int exit, String output, Duration took) {

        /** The JSON document among the lines it printed (log lines go to the same output), e.g. of {@code --json}. */
        public JsonNode json() throws IOException {
            return Json.MAPPER.readTree(output.substring(output.indexOf("{\n"), output.lastIndexOf('}') + 1));
        }
    }

    private static DeployedLayout shared;

    private final Path work;
    private final List<OsProcess> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final EmbeddedMariaDb mariaDb;
    private final String bootstrap;
    private final String connectUrl;
    private final String sandboxUrl;
    private final Map<String, String> environment;
    private OsProcess broker;
    private OsProcess connect;
    /** The shared layout's extractor ({@code extract}), or null. */
    private OsProcess extractor;
    /** Where the JMX exporter shows the broker's and the worker's metrics, as compose's Prometheus scrapes them. */
    private final int brokerMetricsPort;
    private final int connectMetricsPort;
    /** The shared layout's services' /metrics ports (JST_METRICS_PORT), or 0. */
    private int extractorMetricsPort;
    private int transformerMetricsPort;

    private DeployedLayout(Path work, EmbeddedMariaDb mariaDb, int brokerPort, int connectPort, int sandboxPort)
            throws IOException {
        this.work = work;
        this.brokerMetricsPort = freePort();
        this.connectMetricsPort = freePort();
        this.mariaDb = mariaDb;
        this.bootstrap = "127.0.0.1:" + brokerPort;
        this.connectUrl = "http://127.0.0.1:" + connectPort;
        this.sandboxUrl = "http://127.0.0.1:" + sandboxPort;
        this.environment = environment(connectPort, sandboxPort);
    }

    /**
     * Starts the database, the broker, the Connect worker and the sandbox ({@code sandbox --port … <sandboxOptions>}),
     * then runs compose's one-shot services in its order: {@code topics apply}, {@code connectors apply}.
     */
    public static DeployedLayout start(Path work, List<String> sandboxOptions) throws Exception {
        EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start(work.resolve("mariadb"), DATABASE);
        int brokerPort = freePort();
        int connectPort = freePort();
        int sandboxPort = freePort();
        DeployedLayout layout = new DeployedLayout(work, mariaDb, brokerPort, connectPort, sandboxPort);
        try {
            Path server = EmbeddedKafka.writeServerProperties(work.resolve("kafka"), brokerPort, freePort());
            EmbeddedKafka.format(server);
            layout.broker = layout.start("broker", List.of(JAVA, HEAP,
                    jmxAgent(layout.brokerMetricsPort, BROKER_JMX_RULES), "-cp", classpath(), "kafka.Kafka",
                    server.toString()), Map.of());
            layout.awaitReady("broker", layout::brokerAnswers);
            layout.connect = layout.start("connect", List.of(JAVA, HEAP,
                    jmxAgent(layout.connectMetricsPort, CONNECT_JMX_RULES), "-cp", workerClasspath(),
                    "org.apache.kafka.connect.cli.ConnectDistributed",
                    layout.workerProperties(connectPort).toString()), layout.environment);
            layout.awaitReady("connect", () -> layout.answers(layout.connectUrl + "/connectors"));
            List<String> sandbox = new ArrayList<>(List.of(JAVA, "-jar", FULL_JAR.toString(), "sandbox", "--port",
                    Integer.toString(sandboxPort)));
            sandbox.addAll(sandboxOptions);
            layout.start("sandbox", sandbox, Map.of());
            layout.awaitReady("sandbox", layout::sandboxAnswers);
            for (List<String> oneShot : List.of(List.of("topics", "apply"), List.of("connectors", "apply"))) {
                Finished done = layout.run(oneShot.get(0), oneShot.toArray(String[]::new));
                if (done.exit() != 0) {
                    throw new AssertionError(String.join(" ", oneShot) + " exited " + done.exit() + ":\n"
                            + done.output());
                }
            }
            return layout;
        } catch (Exception | AssertionError e) {
            layout.close();
            throw e;
        }
    }

    /**
     * One layout for the operator's command tests of this JVM, started by the first that asks: a sandbox of
     * steady documents, the extractor and a transformer running, and rows in the tables; stopped when the JVM
     * exits. A test that breaks a part of it (stops the database, pauses a connector) restores it before it ends.
     */
    public static synchronized DeployedLayout shared() throws Exception {
        if (shared == null) {
            DeployedLayout layout = start(Files.createTempDirectory("jst-deployed-layout"),
                    List.of("--saleouts", "300", "--orders", "150"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    layout.close();
                } catch (Exception e) {
                    System.err.println("stopping the shared deployed layout: " + e);
                }
            }, "jst-deployed-layout-stop"));
            layout.extractorMetricsPort = freePort();
            layout.transformerMetricsPort = freePort();
            layout.extractor = layout.service("extractor", layout.environment(), layout.extractorMetricsPort, "extract");
            layout.service("transformer", layout.transforming("a"), layout.transformerMetricsPort, "transform");
            layout.awaitReady("services", () -> layout.answers(layout.extractorMetrics() + "/ready")
                    && layout.answers(layout.transformerMetrics() + "/ready"));
            layout.awaitReady("first rows", () -> layout.rows().count("saleout_list_query") > 0
                    && layout.rows().count("order_list_query") > 0);
            shared = layout;
        }
        return shared;
    }

    // ---- where things are ----

    public String bootstrap() {
        return bootstrap;
    }

    public String connectUrl() {
        return connectUrl;
    }

    public String sandboxUrl() {
        return sandboxUrl;
    }

    /** The broker's metrics (the JMX exporter's /metrics, monitoring/jmx/kafka.yml) at {@code http://127.0.0.1:port}. */
    public String brokerMetrics() {
        return "http://127.0.0.1:" + brokerMetricsPort;
    }

    /** The Connect worker's metrics (the JMX exporter's /metrics, monitoring/jmx/connect.yml). */
    public String connectMetrics() {
        return "http://127.0.0.1:" + connectMetricsPort;
    }

    /** The shared layout's extractor's /metrics, /health and /ready. */
    public String extractorMetrics() {
        return "http://127.0.0.1:" + extractorMetricsPort;
    }

    /** The shared layout's transformer's /metrics, /health and /ready. */
    public String transformerMetrics() {
        return "http://127.0.0.1:" + transformerMetricsPort;
    }

    /** Compose's environment names, with this machine's addresses: what every service process is given. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The environment for a transformer instance: one host's instances each need a state directory of their own. */
    public Map<String, String> transforming(String instance) {
        Map<String, String> own = new LinkedHashMap<>(environment);
        own.put("JST_TRANSFORMER_STATE_DIR", work.resolve("streams-" + instance).toString());
        return own;
    }

    public EmbeddedMariaDb database() {
        return mariaDb;
    }

    public DatabaseTarget databaseTarget() {
        return new DatabaseTarget(mariaDb.jdbcUrl(), EmbeddedMariaDb.USER, "");
    }

    public TableRows rows() {
        return new TableRows(databaseTarget());
    }

    public OsProcess broker() {
        return broker;
    }

    public OsProcess connect() {
        return connect;
    }

    /** The shared layout's extractor. */
    public OsProcess extractor() {
        return extractor;
    }

    /** The sandbox's truth: every document it serves, by flow ({@code saleout}, {@code order}). */
    public JsonNode truth() throws Exception {
        return Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/truth"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    // ---- the processes ----

    /** A long-running service of the service runtime: {@code jst-pipeline <command> --config <compose's>}. */
    public OsProcess service(String name, Map<String, String> env, int metricsPort, String... command)
            throws IOException {
        Map<String, String> withPort = new LinkedHashMap<>(env);
        withPort.put("JST_METRICS_PORT", Integer.toString(metricsPort));
        return start(name, serviceCommand(command), withPort);
    }

    /** A one-shot command of the service runtime with compose's configuration and environment, to its end. */
    public Finished run(String name, String... command) throws Exception {
        return run(name, environment, command);
    }

    /** {@link #run(String, String...)} with {@code env} instead of compose's environment. */
    public Finished run(String name, Map<String, String> env, String... command) throws Exception {
        long started = System.nanoTime();
        OsProcess process = start(name, serviceCommand(command), env);
        if (!process.process().waitFor(ONE_SHOT.toMinutes(), TimeUnit.MINUTES)) {
            process.stop();
            throw new AssertionError(name + " did not finish in " + ONE_SHOT.toMinutes() + " minutes:\n"
                    + process.tail());
        }
        return new Finished(process.process().exitValue(), process.output(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The same command started again, e.g. after a kill -9. */
    public OsProcess restart(OsProcess process) throws IOException {
        OsProcess again = start(process.name(), process.command(), process.env());
        if (process == broker) {
            broker = again;
        } else if (process == connect) {
            connect = again;
        } else if (process == extractor) {
            extractor = again;
        }
        return again;
    }

    private List<String> serviceCommand(String... command) {
        List<String> line = new ArrayList<>(List.of(JAVA, HEAP, "-jar", SERVICE_JAR.toString()));
        line.addAll(Arrays.asList(command));
        line.addAll(List.of("--config", COMPOSE_CONFIG.toString()));
        return line;
    }

    private OsProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
        Path log = work.resolve(name + "-" + processes.size() + ".log");
        // Every JVM logs its collections (OsProcess.heapUse); the command kept for a restart leaves it out, so that
        // the restarted JVM logs to a file of its own.
        List<String> line = new ArrayList<>(command);
        if (JAVA.equals(command.get(0))) {
            line.add(1, HeapUse.logOption(OsProcess.gcLogBeside(log)));
        }
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(work.toFile());
        builder.environment().putAll(env);
        OsProcess process = new OsProcess(name, command, env, builder.start(), log);
        processes.add(process);
        return process;
    }

    /** Waits until {@code ready} answers true, up to two minutes; else fails with every process's last lines. */
    public void awaitReady(String what, Callable<Boolean> ready) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (ready.call()) {
                    return;
                }
            } catch (Exception notYet) {
                // not yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " not ready within " + READY.toSeconds() + " s:\n" + logs());
    }

    /** The last lines of every process started, for an assertion's message. */
    public String logs() {
        return processes.stream().map(OsProcess::tail).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
        mariaDb.close();
    }

    // ---- what the processes are given ----

    private Map<String, String> environment(int connectPort, int sandboxPort) {
        Map<String, String> env = new LinkedHashMap<>();
        // Compose's environment names: the compose configuration file with the hosts of this machine.
        env.put("JST_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("JST_CONNECT_URL", "http://127.0.0.1:" + connectPort);
        env.put("JST_MYSQL_URL", mariaDb.jdbcUrl());
        env.put("JST_MYSQL_USER", EmbeddedMariaDb.USER);
        env.put("JST_MYSQL_PASSWORD", "");
        env.put("JST_QIMEN_GATEWAY_URL", "http://127.0.0.1:" + sandboxPort + "/router/qm");
        env.put("JST_QIMEN_APP_KEY", "jst-sandbox-app");
        env.put("JST_QIMEN_CUSTOMER_ID", "jst-sandbox-customer");
        env.put("JST_QIMEN_APP_SECRET", "jst-sandbox-secret");
        env.put("JST_EXTRACTOR_SINCE", "P31D");
        return Map.copyOf(env);
    }

    /** deploy/connect-distributed.properties, with this machine's broker, REST port and plugin directory. */
    private Path workerProperties(int port) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(WORKER_PROPERTIES)) {
            props.load(in);
        }
        props.setProperty("bootstrap.servers", bootstrap);
        props.setProperty("listeners", "http://127.0.0.1:" + port);
        props.setProperty("plugin.path", PLUGIN_PATH.toString());
        Path file = work.resolve("connect-distributed.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, "deploy/connect-distributed.properties on this machine");
        }
        return file;
    }

    /** The JMX exporter's agent on 127.0.0.1:{@code port} with {@code rules}, as compose's KAFKA_OPTS give it. */
    private static String jmxAgent(int port, Path rules) {
        return "-javaagent:" + JMX_AGENT + "=127.0.0.1:" + port + ":" + rules;
    }

    /** The test's class path: the Kafka jars the build already has. */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * The Kafka and Connect jars without the project's own nor the JDBC drivers, which come from the plugin path, nor
     * Debezium's JDBC sink and its Hibernate, which the bench brings and the Connect image does not carry.
     */
    private static String workerClasspath() {
        return Arrays.stream(classpath().split(File.pathSeparator))
                .filter(entry -> Stream.of("jst-", "/target/", "mariadb-java-client", "mysql-connector", "debezium",
                        "hibernate", "agroal").noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    // ---- checks ----

    public boolean brokerAnswers() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", "3000",
                "default.api.timeout.ms", "3000"))) {
            return !admin.describeCluster().nodes().get().isEmpty();
        }
    }

    /**
     * Whether the sandbox's gateway answers: a GET is refused with 405 (it takes POSTs). Not its truth, which a
     * large data set takes longer than a probe's timeout to render, so that probes would pile up in its heap.
     */
    private boolean sandboxAnswers() throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(sandboxUrl + QimenGateway.ROUTE))
                .timeout(Duration.ofSeconds(3)).GET().build();
        return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 405;
    }

    /** Whether {@code url} answers 200 within 3 s. */
    public boolean answers(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** Whether the worker runs connectors and every one of them and their tasks is RUNNING. */
    public boolean connectorsRunning() throws Exception {
        JsonNode all = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(connectUrl
                + "/connectors?expand=status")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        return all.size() > 0 && StreamSupport.stream(all.spliterator(), false).allMatch(connector ->
                "RUNNING".equals(connector.path("status").path("connector").path("state").asText())
                        && StreamSupport.stream(connector.path("status").path("tasks").spliterator(), false)
                        .allMatch(task -> "RUNNING".equals(task.path("state").asText())));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
