package io.jstpipeline.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.qimen.QimenTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * A document's version, and the one order of versions the whole pipeline keeps: the later {@code modified}
 * is newer, and between equal {@code modified} times the higher {@code ts} (the row version the API raises on
 * every change). The extractor keeps the newest copy of a document by it, the transformer drops what is not
 * newer than what it last made rows of, and the sink writes a row only over an older one by the same order.
 */
public record DocumentVersion(LocalDateTime modified, long ts) {

    /** A document without a {@code ts}: between equal modified times it is never newer, nor older. */
    public static final long NO_TS = -1;

    /** The document's version, or null when it has no readable {@code modified}. */
    public static DocumentVersion of(JsonNode document) {
        try {
            LocalDateTime modified = QimenTime.parseSent(document.path("modified").asText().strip());
            JsonNode ts = document.path("ts");
            return new DocumentVersion(modified, ts.canConvertToLong() ? ts.asLong() : NO_TS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether {@code candidate} is a newer version of the same document than {@code seen}: one without a readable
     * {@code modified} is never newer, and one with it is newer than one without.
     */
    public static boolean isNewer(JsonNode candidate, JsonNode seen) {
        DocumentVersion candidateVersion = of(candidate);
        if (candidateVersion == null) {
            return false;
        }
        DocumentVersion seenVersion = of(seen);
        return seenVersion == null || candidateVersion.isNewerThan(seenVersion);
    }

    public boolean isNewerThan(DocumentVersion other) {
        int byTime = modified.compareTo(other.modified);
        if (byTime != 0) {
            return byTime > 0;
        }
        return ts != NO_TS && other.ts != NO_TS && ts > other.ts;
    }
}
