package io.jstpipeline.extractor.publish;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDateTime;

/**
 * How far a flow (or a backfill) got: every document modified before {@code completedUntil} is in the
 * raw topic, or, in {@code ts} mode, every version up to {@code lastTs}. It moves only in the Kafka
 * transaction that carries the documents it covers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cursor(
        @JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss") LocalDateTime completedUntil,
        Long lastTs) {

    public static Cursor windowsUntil(LocalDateTime completedUntil) {
        return new Cursor(completedUntil, null);
    }

    public static Cursor tsUpTo(long lastTs) {
        return new Cursor(null, lastTs);
    }
}
