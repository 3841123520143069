package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.embedded.EmbeddedKafka;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.ops.TruthCheck;
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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout of docker-compose.yml as OS processes, without Docker: a KRaft broker ({@code kafka.Kafka}), a
 * distributed Connect worker ({@code ConnectDistributed} with the jst-jdbc-sink plugin directory on its plugin
 * path and the compose worker properties), MariaDB, the sandbox (changing its documents, with faults and drift),
 * and the services as separate JVMs of the service runtime with compose's commands and configuration file:
 * {@code topics apply}, {@code connectors apply}, {@code extract} and two {@code transform}. While the documents
 * change it kills -9 in turn the extractor, a transformer, the Connect worker and the broker, stops the database
 * for 30 s and runs a backfill beside the extractor; then it stops the changes, sends older versions of some notes
 * after their newest, and compares every table with the sandbox's truth: 0 missing, 0 extra, 0 stale, 0 duplicate.
 *
 * <p>{@code deploy/chaos-test --documents N --minutes M} runs it longer ({@code -Djst.chaos.documents},
 * {@code -Djst.chaos.minutes}).
 */
class DeployedLayoutIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SERVICE_JAR = ROOT.resolve("app/target/jst-pipeline.jar");
    private static final Path FULL_JAR = ROOT.resolve("app-full/target/jst-pipeline-full.jar");
    private static final Path PLUGIN_PATH = ROOT.resolve("jdbc-sink/target/plugin");
    private static final Path COMPOSE_CONFIG = ROOT.resolve("config/pipeline.compose.yml");
    private static final Path WORKER_PROPERTIES = ROOT.resolve("deploy/connect-distributed.properties");
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final int DOCUMENTS = Integer.getInteger("jst.chaos.documents", 800);
    private static final Duration RUN_FOR = Duration.ofMinutes(Long.getLong("jst.chaos.minutes", 0));
    private static final Duration READY = Duration.ofMinutes(2);
    private static final Duration SETTLE = Duration.ofMinutes(6);
    private static final String DATABASE = "jst";
    private static final int STALE_NOTES = 20;

    @TempDir
    Path work;

    private final List<OsProcess> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Duration> recoveries = new LinkedHashMap<>();
    private EmbeddedMariaDb mariaDb;

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @Test
    void theComposeLayoutAsProcessesLosesAndDuplicatesNothingThroughKillsOutagesAndABackfill() throws Exception {
        int brokerPort = freePort();
        int connectPort = freePort();
        int sandboxPort = freePort();
        mariaDb = EmbeddedMariaDb.start(work.resolve("mariadb"), DATABASE);

        Path server = EmbeddedKafka.writeServerProperties(work.resolve("kafka"), brokerPort, freePort());
        EmbeddedKafka.format(server);
        OsProcess broker = start("broker", List.of(JAVA, "-Xmx512m", "-cp", classpath(), "kafka.Kafka",
                server.toString()), Map.of());
        String bootstrap = "127.0.0.1:" + brokerPort;
        awaitReady("broker", () -> brokerAnswers(bootstrap));

        Path workerProperties = workerProperties(bootstrap, connectPort);
        Map<String, String> env = environment(bootstrap, connectPort, sandboxPort);
        OsProcess connect = start("connect", List.of(JAVA, "-Xmx768m", "-cp", workerClasspath(),
                "org.apache.kafka.connect.cli.ConnectDistributed", workerProperties.toString()), env);
        String connectUrl = "http://127.0.0.1:" + connectPort;
        awaitReady("connect", () -> answers(connectUrl + "/connectors"));

        // Compose's sandbox command, its documents changing, failing calls and drifting pages.
        start("sandbox", List.of(JAVA, "-jar", FULL_JAR.toString(), "sandbox", "--port", Integer.toString(sandboxPort),
                "--saleouts", Integer.toString(DOCUMENTS), "--orders", Integer.toString(DOCUMENTS / 2), "--rate-limits",
                "--changes-per-second", "5", "--fault-rate", "0.1", "--drift-rate", "0.05"), Map.of());
        String sandbox = "http://127.0.0.1:" + sandboxPort;
        awaitReady("sandbox", () -> answers(sandbox + "/sandbox/truth"));

        // Compose's one-shot services, in its order, then the long-running ones.
        assertThat(runOnce("topics", env, "topics", "apply")).as("topics apply").isZero();
        assertThat(runOnce("connectors", env, "connectors", "apply")).as("connectors apply").isZero();
        int extractMetrics = freePort();
        OsProcess extractor = service("extractor", env, extractMetrics, "extract");
        int transformAMetrics = freePort();
        OsProcess transformerA = service("transformer-a", transforming(env, "a"), transformAMetrics, "transform");
        OsProcess transformerB = service("transformer-b", transforming(env, "b"), freePort(), "transform");
        awaitReady("services", () -> answers("http://127.0.0.1:" + extractMetrics + "/ready")
                && answers("http://127.0.0.1:" + transformAMetrics + "/ready"));
        TableRows rows = new TableRows(new DatabaseTarget(mariaDb.jdbcUrl(), EmbeddedMariaDb.USER, ""));
        awaitReady("first rows", () -> rows.count("saleout_list_query") > 0 && rows.count("order_list_query") > 0);

        long chaosEnd = System.nanoTime() + RUN_FOR.toNanos();
        do {
            extractor = killAndRestart(extractor, () -> answers("http://127.0.0.1:" + extractMetrics + "/ready"));
            transformerA = killAndRestart(transformerA, () -> answers("http://127.0.0.1:" + transformAMetrics + "/ready"));
            connect = killAndRestart(connect, () -> answers(connectUrl + "/connectors")
                    && connectorsRunning(connectUrl));
            broker = killAndRestart(broker, () -> brokerAnswers(bootstrap));
            databaseOutage(Duration.ofSeconds(30), rows);
            LocalDate today = QimenTime.now().toLocalDate();
            assertThat(runOnce("backfill", env, "backfill", "--flow", "saleout", "--from",
                    today.minusDays(3).toString(), "--to", today.plusDays(1).toString()))
                    .as("backfill beside the running extractor").isZero();
        } while (System.nanoTime() < chaosEnd);

        HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create(sandbox
                + "/sandbox/changes/stop")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stopped.statusCode()).isEqualTo(200);
        JsonNode truth = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(sandbox
                + "/sandbox/truth")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        Map<String, List<JsonNode>> documents = Map.of("saleout", list(truth.path("saleout")),
                "order", list(truth.path("order")));
        int staleVersions = sendStaleVersions(bootstrap, documents.get("saleout"))
                + sendStaleRows(bootstrap, "saleout_list_query");

        TruthCheck check = new TruthCheck(Mappings.builtIn(), rows);
        long settleStart = System.nanoTime();
        List<TruthCheck.TableResult> results = check.compare(documents);
        while (!results.stream().allMatch(TruthCheck.TableResult::matches)
                && System.nanoTime() - settleStart < SETTLE.toNanos()) {
            Thread.sleep(5_000);
            results = check.compare(documents);
        }
        System.out.printf("changes made: %s; older versions sent after the newest: %d%n", stopped.body(),
                staleVersions);
        recoveries.forEach((what, took) -> System.out.printf("recovered from %-32s in %5.1f s%n", what,
                took.toMillis() / 1000.0));
        System.out.printf("caught up with the truth %.1f s after the changes stopped%n",
                (System.nanoTime() - settleStart) / 1e9);
        results.forEach(result -> System.out.println(result.summary()));
        String logs = processes.stream().map(OsProcess::tail).collect(Collectors.joining("\n"));
        assertThat(results).as("every table against the sandbox's truth; the processes' last log lines:\n" + logs)
                .allMatch(TruthCheck.TableResult::matches);
        assertThat(extractor.alive() && transformerA.alive() && transformerB.alive() && connect.alive()
                && broker.alive()).as("every service still runs").isTrue();
    }

    /**
     * The version-order case: for some notes, versions older than the newest (an earlier {@code modified}; the
     * same {@code modified} with a lower {@code ts}) with a changed remark, sent to the raw topic after the newest,
     * as a re-read or a replay of an old range would. Neither may replace the newest in the table.
     */
    private static int sendStaleVersions(String bootstrap, List<JsonNode> notes) throws Exception {
        int sent = 0;
        try (Producer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (JsonNode note : notes.subList(0, Math.min(STALE_NOTES, notes.size()))) {
                LocalDateTime modified = LocalDateTime.parse(note.path("modified").asText(), QimenTime.FORMAT);
                long ts = note.path("ts").asLong();
                for (LocalDateTime olderModified : List.of(modified.minusHours(1), modified)) {
                    ObjectNode older = note.deepCopy();
                    older.put("modified", QimenTime.FORMAT.format(olderModified)).put("ts", ts - 1)
                            .put("remark", "stale version of " + olderModified);
                    producer.send(new ProducerRecord<>(Topics.raw("saleout"), note.path("o_id").asText(),
                            older.toString()));
                    sent++;
                }
            }
            producer.flush();
        }
        return sent;
    }

    /**
     * Older rows written straight to a row topic after the newest, as a zombie writer or a replay of an old
     * offset range would: the sink's version-guarded upsert must keep the newer row in the table.
     */
    private static int sendStaleRows(String bootstrap, String table) throws Exception {
        Map<String, ObjectNode> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_committed", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.rows(table)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), (ObjectNode) Json.MAPPER.readTree(record.value()));
                    }
                }
            }
        }
        int sent = 0;
        try (Producer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, ObjectNode> row : latest.entrySet()) {
                if (sent == STALE_NOTES) {
                    break;
                }
                ObjectNode older = row.getValue().deepCopy();
                older.put("modified", older.path("modified").asLong() - Duration.ofHours(1).toMillis())
                        .put("remark", "stale row");
                producer.send(new ProducerRecord<>(Topics.rows(table), row.getKey(), older.toString()));
                sent++;
            }
            producer.flush();
        }
        return sent;
    }

    // ---- the processes ----

    private OsProcess service(String name, Map<String, String> env, int metricsPort, String... command)
            throws IOException {
        Map<String, String> withPort = new LinkedHashMap<>(env);
        withPort.put("JST_METRICS_PORT", Integer.toString(metricsPort));
        return start(name, serviceCommand(command), withPort);
    }

    /** Each transformer instance of one host needs a state directory of its own (compose gives each a container). */
    private Map<String, String> transforming(Map<String, String> env, String instance) {
        Map<String, String> own = new LinkedHashMap<>(env);
        own.put("JST_TRANSFORMER_STATE_DIR", work.resolve("streams-" + instance).toString());
        return own;
    }

    private int runOnce(String name, Map<String, String> env, String... command) throws Exception {
        OsProcess process = start(name, serviceCommand(command), env);
        if (!process.process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            process.stop();
            throw new AssertionError(name + " did not finish in 5 minutes:\n" + process.tail());
        }
        int exit = process.process.exitValue();
        if (exit != 0) {
            System.out.println(process.tail());
        }
        return exit;
    }

    private List<String> serviceCommand(String... command) {
        List<String> line = new ArrayList<>(List.of(JAVA, "-Xmx512m", "-jar", SERVICE_JAR.toString()));
        line.addAll(Arrays.asList(command));
        line.addAll(List.of("--config", COMPOSE_CONFIG.toString()));
        return line;
    }

    private OsProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
        Path log = work.resolve(name + "-" + processes.size() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(work.toFile());
        builder.environment().putAll(env);
        OsProcess process = new OsProcess(name, command, env, builder.start(), log);
        processes.add(process);
        return process;
    }

    /** kill -9, start the same command again, and time until {@code ready}. */
    private OsProcess killAndRestart(OsProcess process, Callable<Boolean> ready) throws Exception {
        process.process.destroyForcibly().waitFor();
        long killed = System.nanoTime();
        OsProcess again = start(process.name, process.command, process.env);
        awaitReady(process.name + " after kill -9", ready);
        recoveries.put("kill -9 of " + process.name, Duration.ofNanos(System.nanoTime() - killed));
        return again;
    }

    private void databaseOutage(Duration outage, TableRows rows) throws Exception {
        mariaDb.stop();
        Thread.sleep(outage.toMillis());
        long back = System.nanoTime();
        mariaDb.restart();
        awaitReady("database", () -> rows.count("saleout_list_query") >= 0);
        recoveries.put("the database down for " + outage.toSeconds() + " s", Duration.ofNanos(System.nanoTime() - back));
    }

    private void awaitReady(String what, Callable<Boolean> ready) throws Exception {
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
        throw new AssertionError(what + " not ready within " + READY.toSeconds() + " s:\n"
                + processes.stream().map(OsProcess::tail).collect(Collectors.joining("\n")));
    }

    // ---- what the processes are given ----

    private Map<String, String> environment(String bootstrap, int connectPort, int sandboxPort) {
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
        return env;
    }

    /** deploy/connect-distributed.properties, with this machine's broker, REST port and plugin directory. */
    private Path workerProperties(String bootstrap, int port) throws IOException {
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

    /** The test's class path: the Kafka jars the build already has. */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** The Kafka and Connect jars without the project's own nor the JDBC drivers: those come from the plugin path. */
    private static String workerClasspath() {
        return Arrays.stream(classpath().split(java.io.File.pathSeparator))
                .filter(entry -> !entry.contains("jst-") && !entry.contains("/target/")
                        && !entry.contains("mariadb-java-client") && !entry.contains("mysql-connector"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    // ---- checks ----

    private static boolean brokerAnswers(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", "3000",
                "default.api.timeout.ms", "3000"))) {
            return !admin.describeCluster().nodes().get().isEmpty();
        }
    }

    private boolean answers(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private boolean connectorsRunning(String connectUrl) throws Exception {
        JsonNode all = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(connectUrl
                + "/connectors?expand=status")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        return all.size() > 0 && StreamSupport.stream(all.spliterator(), false).allMatch(connector ->
                "RUNNING".equals(connector.path("status").path("connector").path("state").asText())
                        && StreamSupport.stream(connector.path("status").path("tasks").spliterator(), false)
                        .allMatch(task -> "RUNNING".equals(task.path("state").asText())));
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A process this test started: stopped by its pid, its output in a log file. */
    private record OsProcess(String name, List<String> command, Map<String, String> env, Process process, Path log) {

        boolean alive() {
            return process.isAlive();
        }

        void stop() throws InterruptedException {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return "--- " + name + " (pid " + process.pid() + ", " + log.getFileName() + ")\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
            } catch (IOException e) {
                return "--- " + name + ": " + e;
            }
        }
    }
}
