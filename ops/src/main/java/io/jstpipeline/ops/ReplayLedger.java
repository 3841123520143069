package io.jstpipeline.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Which dead letters were sent back into their stage: {@code jst.dlq.replayed}, compacted, one record per dead
 * letter keyed {@code <dlq topic>/<partition>/<offset>}, its value when, by whom and where to. {@code dlq replay}
 * writes it in the transaction that sends the dead letter back, and refuses a second replay of one it lists.
 */
public final class ReplayLedger {

    /**
     * One dead letter's replay.
     *
     * @param by the operating-system user who replayed it
     * @param to where it went: the raw topic or row topic, partition and offset
     */
    public record Replay(DeadLetter.Place deadLetter, Instant at, String by, DeadLetter.Place to) {
        @Override
        public String toString() {
            return "at " + at + " by " + by + " to " + to;
        }
    }

    private ReplayLedger() {
    }

    /** Every replay the ledger holds, by dead letter; none when the ledger topic does not exist yet. */
    public static Map<DeadLetter.Place, Replay> read(KafkaConnection kafka) {
        Map<DeadLetter.Place, Replay> replays = new HashMap<>();
        DeadLetters.scan(kafka, Topics.DLQ_REPLAYED, DeadLetters.Range.ALL, record -> {
            Replay replay = parse(new String(record.key(), StandardCharsets.UTF_8), record.value());
            replays.put(replay.deadLetter(), replay);
        });
        return replays;
    }

    /** The ledger's record of {@code replay}. */
    static ProducerRecord<byte[], byte[]> record(Replay replay) {
        String value = Json.MAPPER.createObjectNode().put("at", replay.at().toString()).put("by", replay.by())
                .put("to", replay.to().toString()).toString();
        return new ProducerRecord<>(Topics.DLQ_REPLAYED, replay.deadLetter().toString().getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    static Replay parse(String key, byte[] value) {
        try {
            JsonNode json = Json.MAPPER.readTree(value);
            return new Replay(place(key), Instant.parse(json.path("at").asText()), json.path("by").asText(),
                    place(json.path("to").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("a record of " + Topics.DLQ_REPLAYED + " is not a replay: " + key, e);
        }
    }

    /** {@code topic/partition/offset}; the topic may hold slashes, the numbers never. */
    static DeadLetter.Place place(String text) {
        int offsetAt = text.lastIndexOf('/');
        int partitionAt = text.lastIndexOf('/', offsetAt - 1);
        if (partitionAt <= 0) {
            throw new IllegalArgumentException("not topic/partition/offset: " + text);
        }
        return new DeadLetter.Place(text.substring(0, partitionAt),
                Integer.parseInt(text.substring(partitionAt + 1, offsetAt)), Long.parseLong(text.substring(offsetAt + 1)));
    }
}
