package io.jstpipeline.extractor;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Cuts a time range into consecutive windows the API accepts: none longer than the API's limit. */
public final class WindowPlanner {

    /** The longest {@code start_time}..{@code end_time} span both list queries accept. */
    public static final Duration MAX_API_WINDOW = Duration.ofDays(7);

    private final Duration maxWindow;

    /** Windows of at most {@link #MAX_API_WINDOW}. */
    public WindowPlanner() {
        this(MAX_API_WINDOW);
    }

    public WindowPlanner(Duration maxWindow) {
        Objects.requireNonNull(maxWindow, "maxWindow");
        if (maxWindow.isZero() || maxWindow.isNegative()) {
            throw new IllegalArgumentException("maxWindow must be positive, got " + maxWindow);
        }
        this.maxWindow = maxWindow;
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
}
