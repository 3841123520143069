package io.jstpipeline.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlowExtractorTest {

    private static QimenGateway sandbox;
    private static QimenClient client;

    /** Sends stay pending until a flush, so that a missing flush shows. */
    private final MockProducer<String, String> producer =
            new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());

    @BeforeAll
    static void startSandbox() {
        sandbox = QimenGateway.start(SandboxOptions.defaults());
        client = new QimenClient(new QimenCredentials(
                sandbox.gatewayUrl(), sandbox.appKey(), sandbox.appSecret(), sandbox.customerId()));
    }

    @AfterAll
    static void stopSandbox() {
        client.close();
        sandbox.close();
    }

    @Test
    void publishesEverySandboxDocumentExactlyOnceKeyedByOrderId() throws Exception {
        SandboxOptions options = sandbox.options();
        FlowExtractor extractor = new FlowExtractor(FlowDefinition.SALEOUT, client, producer);
        ProgressLog progress = new ProgressLog();
        long callsBefore = sandbox.calls();

        ExtractionResult result = extractor.extract(options.from(), options.to(), progress);

        List<ObjectNode> notes = sandbox.saleouts();
        List<ProducerRecord<String, String>> records = producer.history();
        assertThat(records).hasSize(notes.size());
        assertThat(records).extracting(ProducerRecord::topic).containsOnly(Topics.raw("saleout"));

        Map<Long, ObjectNode> notesByIoId = notes.stream()
                .collect(Collectors.toMap(note -> note.get("io_id").asLong(), Function.identity()));
        Map<Long, ProducerRecord<String, String>> recordsByIoId = records.stream()
                .collect(Collectors.toMap(r -> parse(r.value()).get("io_id").asLong(), Function.identity()));
        assertThat(recordsByIoId.keySet()).isEqualTo(notesByIoId.keySet());
        notesByIoId.forEach((ioId, note) -> {
            ProducerRecord<String, String> record = recordsByIoId.get(ioId);
            assertThat(record.key()).isEqualTo(note.get("o_id").asText());
            assertThat(parse(record.value())).isEqualTo(parse(note.toString()));
        });
        assertThat(producer.flushed()).isTrue();

        assertThat(result.windows()).isEqualTo(5);
        assertThat(result.documents()).isEqualTo(notes.size());
        assertThat(result.calls()).isEqualTo(result.pages()).isEqualTo(sandbox.calls() - callsBefore);
        assertThat(progress.windowsPlanned).isEqualTo(5);
        assertThat(progress.windowTotals).hasSize(5).last().isEqualTo(result);
        assertThat(progress.pages).isEqualTo(result.pages());
    }

    @Test
    void aRefusalThatRetryingCannotCureStopsTheExtraction() {
        QimenClient wrongSecret = new QimenClient(new QimenCredentials(
                sandbox.gatewayUrl(), sandbox.appKey(), "not-the-sandbox-secret", sandbox.customerId()));
        FlowExtractor extractor = new FlowExtractor(FlowDefinition.SALEOUT, wrongSecret, producer);
        LocalDateTime from = sandbox.options().from();
        long callsBefore = sandbox.calls();

        try (wrongSecret) {
            assertThatThrownBy(() -> extractor.extract(from, from.plusDays(30)))
                    .isInstanceOfSatisfying(QimenApiException.class, e -> assertThat(e.code()).isEqualTo("25"))
                    .hasMessageContaining("Invalid signature");
        }
        assertThat(sandbox.calls() - callsBefore).isEqualTo(1);
        assertThat(producer.history()).isEmpty();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final class ProgressLog implements ExtractionListener {
        int windowsPlanned;
        long pages;
        final List<ExtractionResult> windowTotals = new ArrayList<>();

        @Override
        public void started(List<TimeWindow> windows) {
            windowsPlanned = windows.size();
        }

        @Override
        public void pageDone(TimeWindow window, QimenPage page, ExtractionResult totals) {
            pages++;
            assertThat(totals.pages()).isEqualTo(pages);
        }

        @Override
        public void windowDone(TimeWindow window, ExtractionResult totals) {
            windowTotals.add(totals);
            assertThat(totals.windows()).isEqualTo(windowTotals.size());
        }
    }
}
