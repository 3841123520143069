package io.jstpipeline.extractor.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.publish.CheckpointedPublisher;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenApiException;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Window extraction against the sandbox; Kafka's side is a transactional MockProducer (the real broker is in the ITs). */
class FlowExtractorTest {

    static final QimenCallPolicy QUICK = new QimenCallPolicy(QimenCallPolicy.Settings.defaults()
            .withLimits(CallLimits.none()).withMaxAttempts(3).withBackoff(Duration.ofMillis(5), Duration.ofMillis(10)));
    private static final FlowDefinition SALEOUT = FlowCatalog.builtIn().flow("saleout");

    private static QimenGateway sandbox;
    private static QimenClient client;
    private static PagePool pages;

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final CheckpointedPublisher publisher = new CheckpointedPublisher(producer);

    @BeforeAll
    static void startSandbox() {
        sandbox = QimenGateway.start(SandboxOptions.defaults());
        client = new QimenClient(new QimenCredentials(
                sandbox.gatewayUrl(), sandbox.appKey(), sandbox.appSecret(), sandbox.customerId()));
        pages = PagePool.of(PagePool.DEFAULT_CONCURRENCY);
    }

    @AfterAll
    static void stopSandbox() {
        pages.close();
        client.close();
        sandbox.close();
    }

    @Test
    void everyDocumentOnceAndEachWindowCommittedWithItsCursor() throws Exception {
        SandboxOptions options = sandbox.options();
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client, QUICK, publisher, new WindowPlanner(), pages);

        ExtractionResult result = extractor.extractWindows("saleout", options.from(), options.to(), null,
                ExtractionListener.NONE).result();

        List<ObjectNode> notes = sandbox.saleouts();
        assertThat(raw()).hasSize(notes.size())
                .extracting(ProducerRecord::key)
                .containsExactlyInAnyOrderElementsOf(notes.stream().map(n -> n.get("o_id").asText()).toList());
        assertThat(raw()).allSatisfy(r -> assertThat(Json.MAPPER.readTree(r.value()).get("o_id").asText())
                .isEqualTo(r.key()));
        List<ProducerRecord<String, byte[]>> cursors = cursors();
        assertThat(cursors).hasSize(5).extracting(ProducerRecord::key).containsOnly("saleout");
        assertThat(text(cursors.get(4))).contains(io.jstpipeline.common.qimen.QimenTime.format(options.to()));
        assertThat(producer.commitCount()).isEqualTo(5);
        assertThat(result.windows()).isEqualTo(5);
        assertThat(result.documents()).isEqualTo(notes.size());
    }

    @Test
    void aWindowKafkaDoesNotTakeStopsTheExtractionWithKafkasErrorAndTheCursorStaysAtTheWindowBefore() {
        SandboxOptions options = sandbox.options();
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client, QUICK, publisher, new WindowPlanner(), pages);
        List<TimeWindow> done = new ArrayList<>();

        // The next window is read while one commits: the failure of the second commit must still end the run.
        assertThatThrownBy(() -> extractor.extractWindows("saleout", options.from(), options.to(), null,
                new ExtractionListener() {
                    @Override
                    public void windowDone(TimeWindow window, ExtractionResult totals) {
                        done.add(window);
                        producer.commitTransactionException = new KafkaException("the broker is gone");
                    }
                })).isInstanceOf(KafkaException.class).hasMessage("the broker is gone");

        assertThat(done).hasSize(1);
        assertThat(producer.commitCount()).isEqualTo(1);
    }

    @Test
    void aWindowWithTooManyPagesIsHalvedAndNothingIsReadTwice() throws Exception {
        FlowDefinition smallWindows = new FlowDefinition("saleout", SALEOUT.method(), SALEOUT.listField(),
                SALEOUT.idField(), 50, FlowDefinition.CursorMode.WINDOW, Duration.ofMinutes(1), null, 2);
        List<TimeWindow> halved = new ArrayList<>();
        FlowExtractor extractor = new FlowExtractor(smallWindows, client, QUICK, publisher, new WindowPlanner(), pages);

        extractor.extractWindows("saleout", sandbox.options().from(), sandbox.options().to(), null,
                new ExtractionListener() {
                    @Override
                    public void windowHalved(TimeWindow window, List<TimeWindow> halves) {
                        halved.add(window);
                    }
                });

        assertThat(halved).isNotEmpty();
        assertThat(raw()).hasSize(sandbox.saleouts().size());
        assertThat(raw().stream().map(ProducerRecord::key).collect(Collectors.toSet())).hasSize(sandbox.saleouts().size());
    }

    @Test
    void windowsBeforeTheCursorOfAnInterruptedRunAreSkipped() throws Exception {
        SandboxOptions options = sandbox.options();
        List<TimeWindow> planned = new WindowPlanner().plan(options.from(), options.to());
        LocalDateTime resumeAfter = planned.get(1).end();
        int[] alreadyDone = new int[1];
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client, QUICK, publisher, new WindowPlanner(), pages);

        ExtractionResult result = extractor.extractWindows("saleout/backfill", options.from(), options.to(),
                Cursor.windowsUntil(resumeAfter), new ExtractionListener() {
                    @Override
                    public void started(List<TimeWindow> windows, int done) {
                        alreadyDone[0] = done;
                    }
                }).result();

        assertThat(alreadyDone[0]).isEqualTo(2);
        assertThat(result.windows()).isEqualTo(3);
        long expected = sandbox.saleouts().stream()
                .filter(n -> !io.jstpipeline.common.qimen.QimenTime.parse(n.get("modified").asText()).isBefore(resumeAfter))
                .count();
        assertThat(raw()).hasSize((int) expected);
    }

    @Test
    void aWindowStillDriftingAfterItsRereadsStaysInTheCursorAndIsReadAgainUntilItSettles() throws Exception {
        // Every window page but the last has a document it served revised (out of the window): no read settles.
        try (QimenGateway drifting = QimenGateway.start(SandboxOptions.defaults().withRevisionsDuringPaging(1.0, 7));
             QimenClient driftingClient = new QimenClient(new QimenCredentials(drifting.gatewayUrl(),
                     drifting.appKey(), drifting.appSecret(), drifting.customerId()))) {
            TimeWindow week = new TimeWindow(drifting.options().to().minusDays(7), drifting.options().to());
            FlowExtractor extractor = new FlowExtractor(SALEOUT, driftingClient, QUICK, publisher, new WindowPlanner(),
                    pages);

            FlowExtractor.WindowsDone first = extractor.extractWindows("saleout", week.start(), week.end(), null,
                    ExtractionListener.NONE);

            assertThat(first.result().unsettledWindows()).isEqualTo(1);
            assertThat(text(last(cursors()))).as("the cursor passes the window but keeps it to read again")
                    .isEqualTo("{\"completedUntil\":\"" + QimenTime.format(week.end()) + "\",\"unsettled\":[{\"start\":\""
                            + QimenTime.format(week.start()) + "\",\"end\":\"" + QimenTime.format(week.end()) + "\"}]}");
            assertThat(first.cursor().unsettled()).containsExactly(week);

            // The next run, nothing new to read: the unsettled window is read again, holds still now and leaves.
            drifting.stopChanges();
            producer.clear();
            FlowExtractor.WindowsDone second = extractor.extractWindows("saleout", week.end(), week.end(),
                    first.cursor(), ExtractionListener.NONE);

            assertThat(second.result().windows()).isEqualTo(1);
            assertThat(second.result().unsettledWindows()).isZero();
            assertThat(second.cursor()).isEqualTo(Cursor.windowsUntil(week.end()));
            assertThat(text(last(cursors()))).isEqualTo("{\"completedUntil\":\"" + QimenTime.format(week.end()) + "\"}");
            List<String> inWeek = drifting.saleouts().stream()
                    .filter(n -> !QimenTime.parse(n.get("modified").asText()).isBefore(week.start())
                            && QimenTime.parse(n.get("modified").asText()).isBefore(week.end()))
                    .map(n -> n.get("o_id").asText()).toList();
            assertThat(keys(raw())).containsAll(inWeek);
        }
    }

    @Test
    void aWrongSecretStopsAtTheFirstCallAndPublishesNothing() {
        try (QimenClient wrong = new QimenClient(new QimenCredentials(sandbox.gatewayUrl(), sandbox.appKey(),
                "not-the-secret", sandbox.customerId()))) {
            FlowExtractor extractor = new FlowExtractor(SALEOUT, wrong, QUICK, publisher, new WindowPlanner(), pages);
            long before = QUICK.attempts();

            assertThatThrownBy(() -> extractor.extractWindows("saleout", sandbox.options().from(),
                    sandbox.options().to(), null, ExtractionListener.NONE))
                    .isInstanceOfSatisfying(QimenApiException.class, e -> {
                        assertThat(e.code()).isEqualTo("25");
                        assertThat(e.retryable()).isFalse();
                    })
                    .hasMessageNotContaining("not-the-secret");
            assertThat(QUICK.attempts() - before).isEqualTo(1);
            assertThat(producer.history()).isEmpty();
        }
    }

    @Test
    void walkingByTsPublishesEveryDocumentAndCommitsTheCursorWithEachPage() throws Exception {
        FlowDefinition byTs = new FlowDefinition("saleout", SALEOUT.method(), SALEOUT.listField(), SALEOUT.idField(),
                50, FlowDefinition.CursorMode.TS, Duration.ofMinutes(1), null, 40);
        FlowExtractor extractor = new FlowExtractor(byTs, client, QUICK, publisher, new WindowPlanner(), pages);

        ExtractionResult result = extractor.extractSince("saleout", null, ExtractionListener.NONE);

        List<ObjectNode> notes = sandbox.saleouts();
        assertThat(keys(raw())).hasSize(notes.size());
        // Each page after the first is asked from the last ts inclusive: it brings that document again, 49 new ones.
        assertThat(result.pages()).isEqualTo(1 + (notes.size() - 50 + 48) / 49);
        long highestTs = notes.stream().mapToLong(n -> n.get("ts").asLong()).max().orElseThrow();
        String highestIoId = notes.stream().filter(n -> n.get("ts").asLong() == highestTs)
                .map(n -> n.get("io_id").asText()).findFirst().orElseThrow();
        assertThat(text(last(cursors())))
                .isEqualTo("{\"lastTs\":" + highestTs + ",\"publishedAtLastTs\":[\"" + highestIoId + "\"]}");
        assertThat(producer.commitCount()).isEqualTo(result.pages());
    }

    private List<ProducerRecord<String, byte[]>> raw() {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.raw("saleout"))).toList();
    }

    private List<ProducerRecord<String, byte[]>> cursors() {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.EXTRACTOR_STATE)).toList();
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    static Set<String> keys(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(ProducerRecord::key).collect(Collectors.toSet());
    }

    static String text(ProducerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
