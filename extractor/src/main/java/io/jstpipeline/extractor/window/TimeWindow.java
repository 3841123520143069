package io.jstpipeline.extractor.window;

import io.jstpipeline.common.qimen.QimenTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;

/** A query window {@code [start, end)} of {@code modified} times, in China time as the API reads them. */
public record TimeWindow(LocalDateTime start, LocalDateTime end) {

    public TimeWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("window start " + start + " must be before its end " + end);
        }
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    @Override
    public String toString() {
        return "[" + QimenTime.format(start) + ", " + QimenTime.format(end) + ")";
    }
}
