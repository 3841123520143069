package io.jstpipeline.transformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Parses each raw document once for every table of its flow: an order feeds two tables, and parsing it in each
 * table's processor was a fifth of that processor's CPU. What does not parse goes on with its reason, so that each
 * table dead-letters it as before.
 */
final class DocumentParser implements Processor<String, byte[], String, DocumentParser.Parsed> {

    /**
     * A raw record's bytes as read, and its tree, or why there is none.
     *
     * @param bytes     the record's value, null for a tombstone
     * @param document  the parsed value, null when it is not JSON or a tombstone
     * @param malformed the parser's message when the bytes are not JSON, else null
     */
    record Parsed(byte[] bytes, JsonNode document, String malformed) {
    }

    private ProcessorContext<String, Parsed> context;

    @Override
    public void init(ProcessorContext<String, Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        byte[] bytes = record.value();
        Parsed parsed;
        try {
            parsed = new Parsed(bytes, bytes == null ? null : Json.MAPPER.readTree(bytes), null);
        } catch (JsonProcessingException e) {
            parsed = new Parsed(bytes, null, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from parsing a byte array
        }
        context.forward(record.withValue(parsed));
    }
}
