package io.jstpipeline.extractor.publish;

import io.jstpipeline.common.Json;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the cursors from {@code jst.extractor.state}: the topic is read to its end with
 * {@code read_committed}, so a cursor of an aborted (crashed) transaction is never seen.
 */
public final class CursorStore implements CursorSource {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConnection kafka;

    public CursorStore(KafkaConnection kafka) {
        this.kafka = kafka;
    }

    @Override
    public Optional<Cursor> load(String key) {
        return Optional.ofNullable(loadAll().get(key));
    }

    /** Every cursor by key: the last committed record of each key (a tombstone removes it). */
    public Map<String, Cursor> loadAll() {
        Map<String, Cursor> cursors = new HashMap<>();
        LatestRecords.of(kafka, Topics.EXTRACTOR_STATE, READ_TIMEOUT).forEach((key, json) -> cursors.put(key,
                parse(json)));
        return cursors;
    }

    static String serialize(Cursor cursor) {
        try {
            return Json.MAPPER.writeValueAsString(cursor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Cursor parse(String json) {
        try {
            return Json.MAPPER.readValue(json, Cursor.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable cursor in " + Topics.EXTRACTOR_STATE + ": " + json, e);
        }
    }
}
