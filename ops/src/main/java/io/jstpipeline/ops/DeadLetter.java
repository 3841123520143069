package io.jstpipeline.ops;

import io.jstpipeline.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of a dead-letter topic, read the way its stage wrote it: where it is, when, its key, where it came from
 * and why. Each stage has its own headers: the extractor's {@code jst.error.reason}, {@code jst.source.flow},
 * {@code .window}, {@code .page} and {@code jst.document.bytes}; the transformer's {@code jst.error.table},
 * {@code .column}, {@code .reason} and {@code jst.source.topic}, {@code .partition}, {@code .offset}; a sink
 * connector's are Kafka Connect's error context ({@code __connect.errors.topic}, {@code .partition}, {@code .offset},
 * {@code .exception.class.name}, {@code .exception.message}, …).
 *
 * @param key     the record's key as text: the row id (sink, transform) or the document's {@code o_id}; may be null
 * @param value   the row (sink) or the document (transform, extract: only its head when it was too large)
 * @param headers the last value of each header, as text
 */
public record DeadLetter(String topic, int partition, long offset, Instant time, String key, byte[] value,
                         Map<String, String> headers) {

    /** The stage that wrote a dead-letter topic. */
    public enum Stage {
        EXTRACT("extract"), TRANSFORM("transform"), SINK("sink");

        private final String tag;

        Stage(String tag) {
            this.tag = tag;
        }

        /** The stage as a word, e.g. for a metric's tag. */
        public String tag() {
            return tag;
        }

        /** The stage whose dead-letter topic {@code topic} is, if it is one. */
        public static Optional<Stage> of(String topic) {
            if (topic.equals(Topics.EXTRACT_DLQ)) {
                return Optional.of(EXTRACT);
            }
            if (topic.equals(Topics.TRANSFORM_DLQ)) {
                return Optional.of(TRANSFORM);
            }
            return topic.startsWith(Topics.sinkDlq("")) ? Optional.of(SINK) : Optional.empty();
        }
    }

    /** A record of a topic, or a partition of it, at an offset: what a dead letter came from or was replayed to. */
    public record Place(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "/" + partition + "/" + offset;
        }
    }

    private static final Pattern CONNECTION_ID = Pattern.compile("^\\(conn=\\d+\\) ");

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), record.value(),
                headers);
    }

    public Stage stage() {
        return Stage.of(topic).orElseThrow(() -> new IllegalArgumentException(topic + " is not a dead-letter topic"));
    }

    /** Where it is: {@code topic/partition/offset}, the key of its replay in {@link ReplayLedger}. */
    public Place place() {
        return new Place(topic, partition, offset);
    }

    /**
     * The record it was made of, for the transformer's (the raw document) and a sink's (the row); empty for the
     * extractor's, whose documents never were in Kafka, and for a sink's written without Connect's context headers.
     */
    public Optional<Place> source() {
        String prefix = stage() == Stage.SINK ? "__connect.errors." : "jst.source.";
        String sourceTopic = headers.get(prefix + "topic");
        String sourcePartition = headers.get(prefix + "partition");
        String sourceOffset = headers.get(prefix + "offset");
        if (sourceTopic == null || sourcePartition == null || sourceOffset == null) {
            return Optional.empty();
        }
        return Optional.of(new Place(sourceTopic, Integer.parseInt(sourcePartition), Long.parseLong(sourceOffset)));
    }

    /** Where it came from, in words: the source record, or the extractor's flow, window and page. */
    public String from() {
        if (stage() == Stage.EXTRACT) {
            return "flow " + headers.get("jst.source.flow") + ", window " + headers.get("jst.source.window") + ", page "
                    + headers.get("jst.source.page");
        }
        String from = source().map(Place::toString).orElse("(no source headers)");
        String connector = headers.get("__connect.errors.connector.name");
        return connector == null ? from : from + " (connector " + connector + ", task "
                + headers.get("__connect.errors.task.id") + ", " + headers.get("__connect.errors.stage") + ")";
    }

    /**
     * Why it was refused: the stage's reason, for a sink the exception's message (or its class) without the MariaDB
     * driver's {@code (conn=N)}, which would tell the same reason apart by connection.
     */
    public String reason() {
        if (stage() != Stage.SINK) {
            return headers.get("jst.error.reason");
        }
        String message = headers.get("__connect.errors.exception.message");
        return message != null ? CONNECTION_ID.matcher(message).replaceFirst("")
                : headers.get("__connect.errors.exception.class.name");
    }

    /** The table the row was for: the transformer's header, or the table of a sink's topic; null for the extractor's. */
    public String table() {
        return switch (stage()) {
            case EXTRACT -> null;
            case TRANSFORM -> headers.get("jst.error.table");
            case SINK -> topic.substring(Topics.sinkDlq("").length());
        };
    }

    /** The column at fault, when the transformer named one. */
    public String column() {
        return headers.get("jst.error.column");
    }
}
