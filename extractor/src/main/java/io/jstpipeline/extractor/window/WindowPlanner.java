package io.jstpipeline.extractor.window;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides which {@code modified} times to read: cuts ranges into windows the API accepts, halves a window
 * too large to page through, and places the range of an incremental run.
 *
 * <p>An incremental run stops a safety lag short of now, because documents modified a moment ago may still
 * be being written and show up in the list only later. It starts a lookback before where the last run
 * completed, because a late update can carry a {@code modified} just behind that point (clocks and
 * transactions of the ERP are not in step with the reader) and would otherwise never be read. It reads on a
 * read-ahead past its end, because a document can be stamped ahead of the clock (an ERP's clock ahead, a time
 * entered by hand): such a document is published when first seen rather than when the clock passes it, while
 * the cursor stops at the end all the same.
 */
public final class WindowPlanner {

    /** The longest {@code start_time}..{@code end_time} span both list queries accept. */
    public static final Duration MAX_API_WINDOW = Duration.ofDays(7);
    public static final Duration DEFAULT_SAFETY_LAG = Duration.ofMinutes(1);
    public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(10);
    /** A day: the window is one call either way, as long as it stays within {@link #MAX_API_WINDOW}. */
    public static final Duration DEFAULT_READ_AHEAD = Duration.ofDays(1);
    /** Windows are cut to the second, as the API reads times. */
    private static final Duration SHORTEST_HALVABLE = Duration.ofSeconds(2);

    private final Duration maxWindow;
    private final Duration safetyLag;
    private final Duration lookback;
    private final Duration readAhead;

    /** Windows of at most {@link #MAX_API_WINDOW}, the default safety lag and lookback. */
    public WindowPlanner() {
        this(MAX_API_WINDOW, DEFAULT_SAFETY_LAG, DEFAULT_LOOKBACK);
    }

    /**
     * @param maxWindow the longest window, positive
     * @param safetyLag how far short of now an incremental run stops, zero or more
     * @param lookback  how far before the completed point an incremental run starts again, zero or more; the
     *                  read-ahead is {@link #DEFAULT_READ_AHEAD}
     */
    public WindowPlanner(Duration maxWindow, Duration safetyLag, Duration lookback) {
        this(maxWindow, safetyLag, lookback, DEFAULT_READ_AHEAD);
    }

    private WindowPlanner(Duration maxWindow, Duration safetyLag, Duration lookback, Duration readAhead) {
        this.maxWindow = requirePositive(maxWindow, "maxWindow");
        this.safetyLag = requireNotNegative(safetyLag, "safetyLag");
        this.lookback = requireNotNegative(lookback, "lookback");
        this.readAhead = requireNotNegative(readAhead, "readAhead");
    }

    /** This planner with an incremental run reading on {@code readAhead} past its end, zero or more. */
    public WindowPlanner withReadAhead(Duration readAhead) {
        return new WindowPlanner(maxWindow, safetyLag, lookback, readAhead);
    }

    /** Where an incremental run whose cursor stops at {@code end} stops reading: {@code end} plus the read-ahead. */
    public LocalDateTime readAheadEnd(LocalDateTime end) {
        return end.plus(readAhead);
    }

    /**
     * Windows covering {@code [from, to)} without gap or overlap, each {@code maxWindow} long but the last,
     * which takes the rest; none when {@code from} equals {@code to}.
     */
    public List<TimeWindow> plan(LocalDateTime from, LocalDateTime to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("range end " + to + " is before its start " + from);
        }
        List<TimeWindow> windows = new ArrayList<>();
        for (LocalDateTime start = from; start.isBefore(to); start = start.plus(maxWindow)) {
            LocalDateTime end = start.plus(maxWindow);
            windows.add(new TimeWindow(start, end.isBefore(to) ? end : to));
        }
        return windows;
    }

    /** Where any run stops reading: {@code now} less the safety lag. */
    public LocalDateTime upperBound(LocalDateTime now) {
        return now.minus(safetyLag);
    }

    /**
     * The range an incremental run reads next: from {@code completedUntil} less the lookback up to
     * {@link #upperBound(LocalDateTime) upperBound(now)}, or null when that end is not after the start.
     *
     * @param completedUntil where the flow's reading is complete; a flow without one yet needs its first start
     *                       chosen by the caller
     * @throws IllegalArgumentException when {@code completedUntil} is null
     */
    public TimeWindow incrementalRange(LocalDateTime completedUntil, LocalDateTime now) {
        if (completedUntil == null) {
            throw new IllegalArgumentException("an incremental range needs the point reading completed until;"
                    + " the first run's start is the caller's to choose");
        }
        LocalDateTime start = completedUntil.minus(lookback);
        LocalDateTime end = upperBound(now);
        return end.isAfter(start) ? new TimeWindow(start, end) : null;
    }

    /**
     * Two windows of equal length, to the second (the first is the shorter by a second when the length is
     * odd), covering {@code window} without gap or overlap.
     *
     * @throws IllegalStateException when {@code window} is shorter than 2 seconds
     */
    public List<TimeWindow> halve(TimeWindow window) {
        if (window.duration().compareTo(SHORTEST_HALVABLE) < 0) {
            throw new IllegalStateException("window " + window + " is shorter than " + SHORTEST_HALVABLE.toSeconds()
                    + " s and cannot be halved");
        }
        LocalDateTime middle = window.start().plusSeconds(window.duration().toSeconds() / 2);
        return List.of(new TimeWindow(window.start(), middle), new TimeWindow(middle, window.end()));
    }

    private static Duration requirePositive(Duration duration, String name) {
        if (requireNotNegative(duration, name).isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
        return duration;
    }

    private static Duration requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + duration);
        }
        return duration;
    }
}
