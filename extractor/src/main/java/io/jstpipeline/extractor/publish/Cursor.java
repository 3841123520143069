package io.jstpipeline.extractor.publish;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.jstpipeline.extractor.window.TimeWindow;
import java.time.LocalDateTime;
import java.util.List;

/**
 * How far a flow (or a backfill) got: every document modified before {@code completedUntil} is in the
 * raw topic but in the {@code unsettled} windows, or, in {@code ts} mode, every version up to {@code lastTs}.
 * It moves only in the Kafka transaction that carries the documents it covers.
 *
 * @param unsettled windows before {@code completedUntil} whose pages still drifted after the last re-read: what
 *                  they held is published, but a document the drift skipped may not be; each run reads them again
 *                  first, until they settle
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Cursor(
        @JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss") LocalDateTime completedUntil,
        List<TimeWindow> unsettled,
        Long lastTs) {

    public Cursor {
        unsettled = unsettled == null ? List.of() : List.copyOf(unsettled);
    }

    public static Cursor windowsUntil(LocalDateTime completedUntil) {
        return windowsUntil(completedUntil, List.of());
    }

    public static Cursor windowsUntil(LocalDateTime completedUntil, List<TimeWindow> unsettled) {
        return new Cursor(completedUntil, unsettled, null);
    }

    public static Cursor tsUpTo(long lastTs) {
        return new Cursor(null, List.of(), lastTs);
    }
}
