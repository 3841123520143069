package io.jstpipeline.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.common.Json;
import java.io.IOException;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class RawPublisherTest {

    private final MockProducer<String, String> producer =
            new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
    private final RawPublisher publisher = new RawPublisher(producer, "saleout");

    @Test
    void aFailedSendSurfacesAtTheNextFlushOnly() throws IOException {
        publisher.publish(document("{\"o_id\": 1}"));
        publisher.publish(document("{\"o_id\": 2}"));
        producer.errorNext(new KafkaException("broker gone"));

        assertThatThrownBy(publisher::flush)
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("jst.raw.saleout")
                .hasRootCauseMessage("broker gone");
        publisher.flush();
    }

    @Test
    void aDocumentWithoutOrderIdIsRefused() throws IOException {
        assertThatThrownBy(() -> publisher.publish(document("{\"io_id\": 1}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("o_id");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void producerPropertiesMakeAnIdempotentProducer() {
        Properties props = RawPublisher.producerProperties("broker:9092");

        assertThat(props)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20");
    }

    private static RawDocument document(String json) throws IOException {
        return new RawDocument(json, Json.MAPPER.readTree(json));
    }
}
