package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.ops.TruthCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
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

    private static final int DOCUMENTS = Integer.getInteger("jst.chaos.documents", 800);
    private static final Duration RUN_FOR = Duration.ofMinutes(Long.getLong("jst.chaos.minutes", 0));
    private static final Duration SETTLE = Duration.ofMinutes(6);
    private static final int STALE_NOTES = 20;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Duration> recoveries = new LinkedHashMap<>();
    private DeployedLayout layout;

    @AfterEach
    void stopEverything() throws Exception {
        if (layout != null) {
            layout.close();
        }
    }

    @Test
    void theComposeLayoutAsProcessesLosesAndDuplicatesNothingThroughKillsOutagesAndABackfill() throws Exception {
        // The sandbox's documents changing, failing calls and drifting pages; topics and connectors applied.
        layout = DeployedLayout.start(work, List.of("--saleouts", Integer.toString(DOCUMENTS), "--orders",
                Integer.toString(DOCUMENTS / 2), "--rate-limits", "--changes-per-second", "5", "--fault-rate", "0.1",
                "--drift-rate", "0.05"));
        Map<String, String> env = layout.environment();
        int extractMetrics = DeployedLayout.freePort();
        OsProcess extractor = layout.service("extractor", env, extractMetrics, "extract");
        int transformAMetrics = DeployedLayout.freePort();
        OsProcess transformerA = layout.service("transformer-a", layout.transforming("a"), transformAMetrics,
                "transform");
        OsProcess transformerB = layout.service("transformer-b", layout.transforming("b"), DeployedLayout.freePort(),
                "transform");
        layout.awaitReady("services", () -> layout.answers("http://127.0.0.1:" + extractMetrics + "/ready")
                && layout.answers("http://127.0.0.1:" + transformAMetrics + "/ready"));
        TableRows rows = layout.rows();
        layout.awaitReady("first rows", () -> rows.count("saleout_list_query") > 0
                && rows.count("order_list_query") > 0);

        long chaosEnd = System.nanoTime() + RUN_FOR.toNanos();
        OsProcess connect = layout.connect();
        OsProcess broker = layout.broker();
        do {
            extractor = killAndRestart(extractor, () -> layout.answers("http://127.0.0.1:" + extractMetrics + "/ready"));
            transformerA = killAndRestart(transformerA,
                    () -> layout.answers("http://127.0.0.1:" + transformAMetrics + "/ready"));
            connect = killAndRestart(connect, () -> layout.answers(layout.connectUrl() + "/connectors")
                    && layout.connectorsRunning());
            broker = killAndRestart(broker, layout::brokerAnswers);
            databaseOutage(Duration.ofSeconds(30), rows);
            LocalDate today = QimenTime.now().toLocalDate();
            DeployedLayout.Finished backfill = layout.run("backfill", "backfill", "--flow", "saleout", "--from",
                    today.minusDays(3).toString(), "--to", today.plusDays(1).toString());
            assertThat(backfill.exit()).as("backfill beside the running extractor:\n" + backfill.output()).isZero();
        } while (System.nanoTime() < chaosEnd);

        HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create(layout.sandboxUrl()
                + "/sandbox/changes/stop")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stopped.statusCode()).isEqualTo(200);
        JsonNode truth = layout.truth();
        Map<String, List<JsonNode>> documents = Map.of("saleout", list(truth.path("saleout")),
                "order", list(truth.path("order")));
        int staleVersions = sendStaleVersions(layout.bootstrap(), documents.get("saleout"))
                + sendStaleRows(layout.bootstrap(), "saleout_list_query");

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
        assertThat(results).as("every table against the sandbox's truth; the processes' last log lines:\n"
                + layout.logs()).allMatch(TruthCheck.TableResult::matches);
        assertThat(Stream.of(extractor, transformerA, transformerB, connect, broker).filter(service -> !service.alive())
                .map(OsProcess::name)).as("services no longer running; the processes' last log lines:\n"
                + layout.logs()).isEmpty();
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

    // ---- the chaos ----

    /** kill -9, start the same command again, and time until {@code ready}. */
    private OsProcess killAndRestart(OsProcess process, Callable<Boolean> ready) throws Exception {
        process.kill();
        long killed = System.nanoTime();
        OsProcess again = layout.restart(process);
        layout.awaitReady(process.name() + " after kill -9", ready);
        recoveries.put("kill -9 of " + process.name(), Duration.ofNanos(System.nanoTime() - killed));
        return again;
    }

    private void databaseOutage(Duration outage, TableRows rows) throws Exception {
        layout.database().stop();
        Thread.sleep(outage.toMillis());
        long back = System.nanoTime();
        layout.database().restart();
        layout.awaitReady("database", () -> rows.count("saleout_list_query") >= 0);
        recoveries.put("the database down for " + outage.toSeconds() + " s", Duration.ofNanos(System.nanoTime() - back));
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
