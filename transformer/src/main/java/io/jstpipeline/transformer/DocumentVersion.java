package io.jstpipeline.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.mapping.ValueConverter;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * A document's version: its {@code modified} time, and {@code ts} (the row version the API raises on
 * every change) to tell apart two changes within the same second.
 */
record DocumentVersion(LocalDateTime modified, long ts) {

    static final long NO_TS = -1;

    /** The document's version, or null when it has no readable {@code modified}. */
    static DocumentVersion of(JsonNode document) {
        try {
            LocalDateTime modified = ValueConverter.parseTime(document.path("modified").asText());
            JsonNode ts = document.path("ts");
            return new DocumentVersion(modified, ts.canConvertToLong() ? ts.asLong() : NO_TS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    boolean isNewerThan(DocumentVersion other) {
        int byTime = modified.compareTo(other.modified);
        if (byTime != 0) {
            return byTime > 0;
        }
        return ts != NO_TS && other.ts != NO_TS && ts > other.ts;
    }
}
