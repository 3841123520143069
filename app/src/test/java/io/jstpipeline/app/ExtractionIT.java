package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.demo.DemoStack;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.ExtractorSettings;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.flow.FlowExtractor;
import io.jstpipeline.extractor.flow.FlowRunner;
import io.jstpipeline.extractor.publish.CheckpointedPublisher;
import io.jstpipeline.extractor.publish.CursorStore;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.ops.TopicLayout;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.RateLimits;
import io.jstpipeline.sandbox.SandboxOptions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * The extractor on the real broker against a sandbox that pages, throttles, fails and changes documents
 * while they are paged. Its flows have names of their own, so that their raw topics stay apart from the
 * live pipeline's.
 */
class ExtractionIT {

    private static final Duration SHORT_LAG = Duration.ofSeconds(1);

    @Test
    void underFaultsLimitsAndDriftTheRawTopicsEndWithTheLatestVersionOfEveryDocument() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        LocalDateTime now = QimenTime.now();
        RateLimits sandboxLimits = RateLimits.jushuitan().scaled(0.05);
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSeed(7).withSaleoutCount(3000)
                .withOrderCount(3000).withRange(now.minusDays(40), now.minusMinutes(2))
                .withRateLimits(sandboxLimits).withFaults(0.1, 11).withRevisionsDuringPaging(0.1, 13))) {
            List<FlowDefinition> flows = renamed("_it", FlowCatalog.builtIn().flows());
            createRawTopics(pipeline, flows);
            QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults()
                    .withLimits(CallLimits.jushuitan().scaled(0.05))
                    .withBackoff(Duration.ofMillis(20), Duration.ofMillis(500)));
            try (ExtractorService extractor = new ExtractorService(ExtractorSettings.of(
                    DemoPipeline.credentialsOf(gateway), pipeline.stack().kafka(), flows,
                    gateway.options().from()).withCallPolicy(policy).withInstance("extraction-it")
                    .withPlanner(new WindowPlanner(WindowPlanner.MAX_API_WINDOW, SHORT_LAG,
                            WindowPlanner.DEFAULT_LOOKBACK)))) {
                extractor.runOnce(ExtractionListener.NONE);
                Thread.sleep(SHORT_LAG.multipliedBy(2).toMillis());
                // The later incremental run picks up what was changed while the first one paged.
                extractor.runOnce(ExtractionListener.NONE);
            }

            assertThat(gateway.revisionsMade()).as("documents changed while being paged").isPositive();
            assertThat(gateway.refusals()).as("transient faults were served").containsKeys(502, 15);
            assertThat(gateway.refusals()).as("no call over Jushuitan's limits").doesNotContainKeys(199, 200);
            assertLatestVersions(pipeline, "saleout_it", "io_id", gateway.saleouts());
            assertLatestVersions(pipeline, "order_it", "o_id", gateway.orders());
        }
    }

    @Test
    void aBackfillKilledMidWindowResumesAndReadCommittedConsumersSeeEveryDocumentOnce() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        String bootstrap = pipeline.stack().bootstrapServers();
        FlowDefinition flow = renamed("_crash", List.of(FlowCatalog.builtIn().flow("saleout"))).get(0);
        createRawTopics(pipeline, List.of(flow));
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(1000, 0, 5));
             QimenClient client = new QimenClient(DemoPipeline.credentialsOf(gateway))) {
            QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(CallLimits.none()));
            CrashingProducer producer = new CrashingProducer(CheckpointedPublisher.producerProperties(pipeline.stack().kafka(),
                    "jst-extractor-crash-it-" + flow.name()), 3);
            FlowRunner crashing = new FlowRunner(new FlowExtractor(flow, client, policy,
                    new CheckpointedPublisher(producer), new WindowPlanner(), PagePool.SEQUENTIAL), "crash-it",
                    new CursorStore(pipeline.stack().kafka()), new WindowPlanner(), QimenTime::now, gateway.options().from());

            LocalDateTime from = gateway.options().from();
            LocalDateTime to = gateway.options().to();
            assertThatThrownBy(() -> crashing.backfill(from, to, ExtractionListener.NONE))
                    .isInstanceOf(ProcessKilled.class);
            producer.close(Duration.ZERO);

            try (ExtractorService restarted = new ExtractorService(ExtractorSettings.of(
                    DemoPipeline.credentialsOf(gateway), pipeline.stack().kafka(), List.of(flow), gateway.options().from())
                    .withCallPolicy(policy).withInstance("crash-it"))) {
                restarted.runner(flow.name()).backfill(from, to, ExtractionListener.NONE);
            }

            Map<String, Long> committed = countById(RawTopic.read(bootstrap, Topics.raw(flow.name()),
                    IsolationLevel.READ_COMMITTED));
            Map<String, Long> everything = countById(RawTopic.read(bootstrap, Topics.raw(flow.name()),
                    IsolationLevel.READ_UNCOMMITTED));
            assertThat(committed.keySet()).containsExactlyInAnyOrderElementsOf(ids(gateway.saleouts(), "io_id"));
            assertThat(committed.values()).as("each document once").containsOnly(1L);
            assertThat(everything.values()).as("the killed window's records are in the log, aborted").contains(2L);
        }
    }

    @Test
    void flowsRunOnTheirIntervalAndAFlowTheGatewayRefusesForGoodStopsAndIsTriedAgainOnItsInterval() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        List<FlowDefinition> flows = renamed("_sched", FlowCatalog.builtIn().flows()).stream()
                .map(f -> new FlowDefinition(f.name(), f.method(), f.listField(), f.idField(), f.pageSize(),
                        f.cursor(), Duration.ofMillis(300), null, f.maxPagesPerWindow()))
                .toList();
        createRawTopics(pipeline, flows);
        QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(CallLimits.none()));
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(100, 100, 17))) {
            try (ExtractorService extractor = new ExtractorService(ExtractorSettings.of(
                    DemoPipeline.credentialsOf(gateway), pipeline.stack().kafka(), flows,
                    gateway.options().from()).withCallPolicy(policy).withInstance("schedule-it"))) {
                extractor.schedule();
                long afterFirstRuns = awaitCalls(gateway, 12);
                await().atMost(Duration.ofSeconds(30)).until(() -> gateway.calls() > afterFirstRuns + 4);
                assertThat(extractor.status()).extracting(ExtractorService.FlowStatus::lastRun).doesNotContainNull();
            }

            var wrong = new io.jstpipeline.extractor.qimen.QimenCredentials(gateway.gatewayUrl(), gateway.appKey(),
                    "not-the-secret", gateway.customerId());
            try (ExtractorService refused = new ExtractorService(ExtractorSettings.of(wrong,
                    pipeline.stack().kafka(), flows, gateway.options().from())
                    .withCallPolicy(policy).withInstance("schedule-it-refused"))) {
                long before = gateway.calls();
                refused.schedule();
                await().atMost(Duration.ofSeconds(30)).until(() -> flows.stream()
                        .allMatch(f -> refused.runner(f.name()).stoppedForGood()));
                assertThat(refused.status()).allSatisfy(s -> assertThat(s.lastError()).contains("code 25"));
                // Stopped for good, but tried again on its interval: fixed credentials or grants need no restart.
                await().atMost(Duration.ofSeconds(30)).until(() -> gateway.calls() - before >= 3 * flows.size());
                assertThat(refused.status()).extracting(ExtractorService.FlowStatus::state)
                        .doesNotContain("IDLE");
            }
        }
    }

    @Test
    void aBackfillBesideTheScheduledExtractorOfTheSameFlowFencesNeither() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        List<FlowDefinition> flows = renamed("_fence", List.of(FlowCatalog.builtIn().flow("saleout")));
        String flow = flows.get(0).name();
        createRawTopics(pipeline, flows);
        QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(CallLimits.none()));
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(200, 0, 23))) {
            ExtractorSettings settings = ExtractorSettings.of(DemoPipeline.credentialsOf(gateway),
                    pipeline.stack().kafka(), flows, gateway.options().from())
                    .withCallPolicy(policy).withInstance("fence-it");
            try (ExtractorService scheduled = new ExtractorService(settings)) {
                scheduled.runner(flow).incremental(ExtractionListener.NONE);
                // Started beside it, as `jst-pipeline backfill` is beside `jst-pipeline extract`.
                try (ExtractorService backfill = new ExtractorService(settings.withRole(ExtractorSettings.Role.BACKFILL))) {
                    assertThat(backfill.runner(flow).backfill(gateway.options().from(), gateway.options().to(),
                            ExtractionListener.NONE).documents()).isEqualTo(200);
                }
                gateway.reviseSaleout(gateway.saleouts().get(0).path("io_id").asLong(), note -> note.put("remark", "x"));
                // Before, the backfill's producer had the same transactional id and fenced this one for good.
                assertThat(scheduled.runner(flow).incremental(ExtractionListener.NONE).windows()).isPositive();
            }
        }
    }

    @Test
    void aDocumentOverTheRawTopicsMaxMessageBytesIsParkedAndTheRestOfItsWindowPublished() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        String bootstrap = pipeline.stack().bootstrapServers();
        FlowDefinition flow = renamed("_large", List.of(FlowCatalog.builtIn().flow("saleout"))).get(0);
        try (Admin admin = pipeline.stack().admin()) {
            TopicLayout layout = new TopicLayout(1, DemoStack.REPLICATION_FACTOR);
            layout.create(admin, layout.extractorTopics(List.of(flow.name())));
            // Far below the producer's max.request.size: only the broker would refuse the record, failing the
            // window's transaction on every run.
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.raw(flow.name())),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "16384"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(100, 0, 29))) {
            ObjectNode large = gateway.reviseSaleout(gateway.saleouts().get(0).path("io_id").asLong(),
                    note -> note.put("remark", "x".repeat(40_000)));
            QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(CallLimits.none()));
            try (ExtractorService extractor = new ExtractorService(ExtractorSettings.of(
                    DemoPipeline.credentialsOf(gateway), pipeline.stack().kafka(), List.of(flow), gateway.options().from())
                    .withCallPolicy(policy).withInstance("large-it"))) {
                assertThat(extractor.runner(flow.name()).backfill(gateway.options().from(),
                        QimenTime.now().plusMinutes(1), ExtractionListener.NONE).documents()).isEqualTo(99);
            }

            assertThat(countById(RawTopic.read(bootstrap, Topics.raw(flow.name()), IsolationLevel.READ_COMMITTED)))
                    .hasSize(99).doesNotContainKey(large.get("io_id").asText());
            List<ConsumerRecord<String, String>> parked = RawTopic.read(bootstrap, Topics.EXTRACT_DLQ,
                    IsolationLevel.READ_COMMITTED).stream()
                    .filter(r -> header(r, "jst.source.flow").equals(flow.name())).toList();
            assertThat(parked).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(large.get("o_id").asText());
                assertThat(header(r, "jst.error.reason")).endsWith("over the limit of 16384 bytes of "
                        + Topics.raw(flow.name()));
            });
        }
    }

    private static String header(ConsumerRecord<String, String> record, String key) {
        return new String(record.headers().lastHeader(key).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long awaitCalls(QimenGateway gateway, long calls) {
        await().atMost(Duration.ofSeconds(30)).until(() -> gateway.calls() >= calls);
        return gateway.calls();
    }

    private static void assertLatestVersions(DemoPipeline pipeline, String flow, String idField,
                                             List<ObjectNode> documents) throws Exception {
        Map<String, Long> latest = RawTopic.latestTsById(RawTopic.read(pipeline.stack().bootstrapServers(),
                Topics.raw(flow), IsolationLevel.READ_COMMITTED), idField);
        Map<String, Long> expected = documents.stream()
                .collect(Collectors.toMap(d -> d.get(idField).asText(), d -> d.get("ts").asLong()));
        assertThat(latest.keySet()).as("%s: nothing missing", flow).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(latest).as("%s: the last record of each document is its latest version", flow)
                .containsExactlyInAnyOrderEntriesOf(expected);
    }

    static List<FlowDefinition> renamed(String suffix, List<FlowDefinition> flows) {
        return flows.stream().map(f -> new FlowDefinition(f.name() + suffix, f.method(), f.listField(), f.idField(),
                f.pageSize(), f.cursor(), f.interval(), f.resyncAt(), f.maxPagesPerWindow())).toList();
    }

    static void createRawTopics(DemoPipeline pipeline, List<FlowDefinition> flows) throws Exception {
        try (Admin admin = pipeline.stack().admin()) {
            TopicLayout layout = new TopicLayout(3, DemoStack.REPLICATION_FACTOR);
            layout.create(admin, layout.rawTopics(flows.stream().map(FlowDefinition::name).toList()));
        }
    }

    private static List<String> ids(List<ObjectNode> documents, String idField) {
        return documents.stream().map(d -> d.get(idField).asText()).toList();
    }

    private static Map<String, Long> countById(List<ConsumerRecord<String, String>> records) throws Exception {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            counts.merge(io.jstpipeline.common.Json.MAPPER.readTree(record.value()).get("io_id").asText(), 1L, Long::sum);
        }
        return counts;
    }

    /** Stands for the process dying: nothing catches it on the way out, so no abort is sent. */
    private static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("killed mid-window");
        }
    }

    /** A producer that dies in its n-th commit, after the window's records reached the broker. */
    private static final class CrashingProducer extends KafkaProducer<String, byte[]> {
        private final int dieAtCommit;
        private int commits;

        CrashingProducer(java.util.Properties props, int dieAtCommit) {
            super(props);
            this.dieAtCommit = dieAtCommit;
        }

        @Override
        public void commitTransaction() {
            if (++commits == dieAtCommit) {
                flush();
                throw new ProcessKilled();
            }
            super.commitTransaction();
        }
    }
}
