package io.jstpipeline.extractor.window;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.jstpipeline.common.qimen.QimenTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;

/** A query window {@code [start, end)} of {@code modified} times, in China time as the API reads them. */
public record TimeWindow(@JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss") LocalDateTime start,
                         @JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss") LocalDateTime end) {

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
