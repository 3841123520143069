package io.jstpipeline.extractor.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.publish.CheckpointedPublisher;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Documents Kafka cannot take as they are (no key, too large) are parked in {@code jst.dlq.extract}, in the
 * transaction of their window, and the flow goes on: the sandbox serves them, a transactional MockProducer takes
 * what is committed.
 */
class ParkedDocumentsTest {

    private static final FlowDefinition SALEOUT = FlowCatalog.builtIn().flow("saleout");
    /** A record limit small enough for a test document to pass it. */
    private static final int RECORD_LIMIT = 64 * 1024;

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private QimenGateway sandbox;
    private QimenClient client;

    @BeforeEach
    void start() {
        Metrics.addRegistry(registry);
        sandbox = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(200));
        client = new QimenClient(new QimenCredentials(
                sandbox.gatewayUrl(), sandbox.appKey(), sandbox.appSecret(), sandbox.customerId()));
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
        Metrics.removeRegistry(registry);
        registry.close();
    }

    @Test
    void aDocumentWithoutItsKeyAndOneOverTheRecordLimitAreParkedWithTheirReasonAndTheRestOfTheWindowIsPublished()
            throws Exception {
        List<ObjectNode> notes = sandbox.saleouts();
        long keyless = notes.get(0).get("io_id").asLong();
        long oversized = notes.get(1).get("io_id").asLong();
        String oversizedOId = notes.get(1).get("o_id").asText();
        sandbox.reviseSaleout(keyless, note -> note.remove("o_id"));
        sandbox.reviseSaleout(oversized, note -> note.put("remark", "长".repeat(RECORD_LIMIT)));
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client,
                new QimenCallPolicy(FlowExtractorTest.QUICK.settings()),
                new CheckpointedPublisher(producer, topic -> RECORD_LIMIT), new WindowPlanner(), PagePool.SEQUENTIAL);
        LocalDateTime to = QimenTime.now().plusMinutes(1);

        ExtractionResult result = extractor.extractWindows("saleout", sandbox.options().from(), to, null,
                ExtractionListener.NONE).result();

        List<ProducerRecord<String, byte[]>> parked = committed(Topics.EXTRACT_DLQ);
        assertThat(parked).hasSize(2);
        ProducerRecord<String, byte[]> noKey = parked.stream().filter(r -> r.key() == null).findFirst().orElseThrow();
        assertThat(header(noKey, "jst.error.reason")).isEqualTo("the document has no o_id to key its record");
        assertThat(Json.MAPPER.readTree(noKey.value()).get("io_id").asLong()).as("the document whole").isEqualTo(keyless);
        ProducerRecord<String, byte[]> tooLarge = parked.stream().filter(r -> oversizedOId.equals(r.key()))
                .findFirst().orElseThrow();
        assertThat(header(tooLarge, "jst.error.reason")).matches(
                "the document's record of \\d+ bytes is over the limit of " + RECORD_LIMIT + " bytes of jst.raw.saleout");
        assertThat(tooLarge.value().length).as("only its head").isLessThan(RECORD_LIMIT);
        assertThat(parked).allSatisfy(r -> {
            assertThat(header(r, "jst.source.flow")).isEqualTo("saleout");
            assertThat(header(r, "jst.source.window")).startsWith("[").endsWith(QimenTime.format(to) + ")");
            assertThat(header(r, "jst.source.page")).matches("[1-9][0-9]*");
        });

        assertThat(committed(Topics.raw("saleout"))).as("every other document").hasSize(notes.size() - 2);
        assertThat(result.documents()).isEqualTo(notes.size() - 2);
        List<ProducerRecord<String, byte[]>> cursors = committed(Topics.EXTRACTOR_STATE);
        assertThat(Json.MAPPER.readValue(cursors.get(cursors.size() - 1).value(), Cursor.class).completedUntil())
                .isEqualTo(to);
        assertThat(producer.commitCount()).as("the dead letters went with their window's transaction")
                .isEqualTo(cursors.size());
        assertThat(registry.get("jst.extractor.documents.parked").tag("flow", "saleout").tag("reason", "no-key")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("jst.extractor.documents.parked").tag("flow", "saleout").tag("reason", "too-large")
                .counter().count()).isEqualTo(1);
    }

    private List<ProducerRecord<String, byte[]>> committed(String topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private static String header(ProducerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
