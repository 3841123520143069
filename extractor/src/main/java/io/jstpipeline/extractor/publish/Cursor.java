package io.jstpipeline.extractor.publish;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.jstpipeline.extractor.window.TimeWindow;
import java.time.LocalDateTime;
import java.util.List;

/**
 * How far a flow (or a backfill) got: every document modified before {@code completedUntil} is in the
 * raw topic but in the {@code unsettled} windows, or, in {@code ts} mode, every version below {@code lastTs} and
 * the documents {@code publishedAtLastTs} at it.
 * It moves only in the Kafka transaction that carries the documents it covers.
 *
 * @param unsettled windows before {@code completedUntil} whose pages still drifted after the last re-read: what
 *                  they held is published, but a document the drift skipped may not be; each run reads them again
 *                  first, until they settle
 * @param range     for a run that ends (the daily re-sync), the whole range it reads: recorded before its first
 *                  window, so that a run that failed part-way is finished later; null for a flow's own cursor
 * @param publishedAtLastTs the ids of the documents at {@code lastTs} already published: the walk reads on from
 *                  {@code lastTs} inclusive, as more documents may share it, and leaves these out
 * @param reset     the last time an operator moved this cursor ({@code extract --reset-cursor}); kept as the cursor
 *                  moves on, so that the status shows who moved it and when; null if no one has
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Cursor(
        @JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss") LocalDateTime completedUntil,
        List<TimeWindow> unsettled,
        TimeWindow range,
        Long lastTs,
        List<String> publishedAtLastTs,
        CursorReset reset) {

    public Cursor {
        unsettled = unsettled == null ? List.of() : List.copyOf(unsettled);
        publishedAtLastTs = publishedAtLastTs == null ? List.of() : List.copyOf(publishedAtLastTs);
    }

    public static Cursor windowsUntil(LocalDateTime completedUntil) {
        return windowsUntil(completedUntil, List.of());
    }

    public static Cursor windowsUntil(LocalDateTime completedUntil, List<TimeWindow> unsettled) {
        return new Cursor(completedUntil, unsettled, null, null, List.of(), null);
    }

    /** This cursor moved on to {@code completedUntil}, with {@code unsettled} the windows left unsettled. */
    public Cursor movedTo(LocalDateTime completedUntil, List<TimeWindow> unsettled) {
        return new Cursor(completedUntil, unsettled, range, lastTs, publishedAtLastTs, reset);
    }

    /** This cursor with {@code range} the range its run reads. */
    public Cursor over(TimeWindow range) {
        return new Cursor(completedUntil, unsettled, range, lastTs, publishedAtLastTs, reset);
    }

    /**
     * This cursor moved by an operator to {@code to}: the unsettled windows that start before {@code to} are still
     * read again (a run reads everything after it anyway), and the move is recorded.
     */
    public Cursor resetTo(LocalDateTime to, CursorReset reset) {
        return new Cursor(to, unsettled.stream().filter(w -> w.start().isBefore(to)).toList(), null, null,
                List.of(), reset);
    }

    /** Whether the run with this cursor has a range it has not finished, or left windows unsettled. */
    @JsonIgnore
    public boolean unfinished() {
        return range != null && (completedUntil == null || completedUntil.isBefore(range.end()) || !unsettled.isEmpty());
    }

    public static Cursor tsUpTo(long lastTs, List<String> publishedAtLastTs) {
        return new Cursor(null, List.of(), null, lastTs, publishedAtLastTs, null);
    }
}
