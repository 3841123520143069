package io.jstpipeline.extractor.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.publish.CheckpointedPublisher;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.publish.CursorSource;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * A flow's runs against the sandbox, their cursors read back from what the transactional MockProducer committed
 * (an aborted transaction's records are not in its history), as {@code CursorStore} reads them from the state topic.
 */
class FlowRunnerTest {

    private static final FlowDefinition SALEOUT = FlowCatalog.builtIn().flow("saleout");

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final CheckpointedPublisher publisher = new CheckpointedPublisher(producer);
    /** The last committed cursor of a key, read from the committed records as the state topic holds them. */
    private final CursorSource committed = key -> producer.history().stream()
            .filter(r -> r.topic().equals(Topics.EXTRACTOR_STATE) && r.key().equals(key))
            .reduce((first, second) -> second)
            .map(FlowRunnerTest::cursor);
    private QimenGateway sandbox;
    private QimenClient client;

    @BeforeEach
    void startSandbox() {
        sandbox = QimenGateway.start(SandboxOptions.defaults());
        client = new QimenClient(new QimenCredentials(
                sandbox.gatewayUrl(), sandbox.appKey(), sandbox.appSecret(), sandbox.customerId()));
    }

    @AfterEach
    void stopSandbox() {
        client.close();
        sandbox.close();
    }

    @Test
    void aResyncThatFailedIsFinishedByTheNextRun() throws Exception {
        FlowRunner runner = runner();
        // The flow's own cursor is near now: an incremental run reads only the last minutes.
        publisher.commit("saleout", "saleout", Cursor.windowsUntil(QimenTime.now()));
        LocalDate day = QimenTime.now().toLocalDate().minusDays(2);

        assertThatThrownBy(() -> runner.resync(day, new ExtractionListener() {
            @Override
            public void started(List<TimeWindow> windows, int alreadyDone) {
                producer.commitTransactionException = new KafkaException("the broker is gone");
            }
        })).isInstanceOf(KafkaException.class);
        producer.commitTransactionException = null;
        int before = producer.history().size();

        runner.incremental(ExtractionListener.NONE);

        List<String> published = producer.history().subList(before, producer.history().size()).stream()
                .filter(r -> r.topic().equals(Topics.raw("saleout"))).map(ProducerRecord::key).toList();
        assertThat(published).as("the day's documents, published by the run after the failed re-sync")
                .containsAll(idsModifiedOn(day));
        assertThat(committed.load("saleout/resync")).get().extracting(Cursor::completedUntil)
                .isEqualTo(day.plusDays(1).atStartOfDay());
    }

    @Test
    void documentsStampedAheadOfTheClockArePublishedOnceAndTheCursorStaysAtTheGatewaysNow() throws Exception {
        // Half the notes are modified within the next day: an ERP that stamps ahead, or a gateway clock ahead of ours.
        LocalDateTime now = QimenTime.now();
        try (QimenGateway ahead = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(200)
                     .withRange(now.minusDays(1), now.plusDays(1)));
             QimenClient aheadClient = new QimenClient(new QimenCredentials(ahead.gatewayUrl(), ahead.appKey(),
                     ahead.appSecret(), ahead.customerId()))) {
            FlowExtractor extractor = new FlowExtractor(SALEOUT, aheadClient, FlowExtractorTest.QUICK, publisher,
                    new WindowPlanner(), PagePool.SEQUENTIAL);
            FlowRunner runner = new FlowRunner(extractor, FlowRunner.DEFAULT_INSTANCE, committed, new WindowPlanner(),
                    QimenTime::now, ahead.options().from());
            List<String> stampedAhead = ahead.saleouts().stream()
                    .filter(n -> QimenTime.parse(n.get("modified").asText()).isAfter(QimenTime.now()))
                    .map(n -> n.get("o_id").asText()).toList();
            assertThat(stampedAhead).isNotEmpty();

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Metrics.addRegistry(registry);
            try {
                runner.incremental(ExtractionListener.NONE);
                assertThat(registry.get("jst.extractor.cursor.lag").tag("flow", "saleout").gauge().value())
                        .as("the lag is the cursor's, which stops at now, not the windows' read ahead of it")
                        .isNotNegative();
            } finally {
                Metrics.removeRegistry(registry);
            }

            assertThat(rawKeys(0)).containsExactlyInAnyOrderElementsOf(
                    ahead.saleouts().stream().map(n -> n.get("o_id").asText()).toList());
            assertThat(committed.load("saleout")).get().extracting(Cursor::completedUntil)
                    .as("the cursor does not pass the gateway's now").matches(c -> !c.isAfter(QimenTime.now()));

            int before = producer.history().size();
            runner.incremental(ExtractionListener.NONE);

            assertThat(rawKeys(before)).as("read again, but not published again").doesNotContainAnyElementsOf(stampedAhead);
        }
    }

    private List<String> rawKeys(int from) {
        return producer.history().subList(from, producer.history().size()).stream()
                .filter(r -> r.topic().equals(Topics.raw("saleout"))).map(ProducerRecord::key).toList();
    }

    private FlowRunner runner() {
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client, FlowExtractorTest.QUICK, publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL);
        return new FlowRunner(extractor, FlowRunner.DEFAULT_INSTANCE, committed, new WindowPlanner(), QimenTime::now,
                sandbox.options().from());
    }

    private List<String> idsModifiedOn(LocalDate day) {
        return sandbox.saleouts().stream()
                .filter(n -> QimenTime.parse(n.get("modified").asText()).toLocalDate().equals(day))
                .map(n -> n.get("o_id").asText()).toList();
    }

    private static Cursor cursor(ProducerRecord<String, byte[]> record) {
        try {
            return Json.MAPPER.readValue(record.value(), Cursor.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
