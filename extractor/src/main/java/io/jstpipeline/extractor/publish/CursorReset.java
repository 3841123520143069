package io.jstpipeline.extractor.publish;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.jstpipeline.common.KafkaConnection;
import java.time.LocalDateTime;

/**
 * An operator's move of a flow's cursor ({@code extract --reset-cursor}), recorded in the cursor itself in
 * {@code jst.extractor.state}: who moved it, when, and from where to where.
 *
 * @param from the cursor's {@code completedUntil} before the move; null if the flow had no cursor yet
 */
public record CursorReset(String by,
                          @JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss") LocalDateTime at,
                          @JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss") LocalDateTime from,
                          @JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss") LocalDateTime to) {

    /**
     * Moves {@code cursorKey} of {@code flow} to {@code to} in a transaction of the flow's own transactional id:
     * a running extractor of the flow is fenced by it, so it cannot overwrite the move with the cursor it holds; it
     * reads on from the moved cursor at its next run.
     *
     * @return the cursor as moved
     */
    public static Cursor move(KafkaConnection kafka, String transactionalId, String flow, String cursorKey,
                              LocalDateTime to, String by, LocalDateTime now) {
        // Fenced first, then read: the cursor cannot move between the two.
        try (CheckpointedPublisher publisher = CheckpointedPublisher.start(kafka, transactionalId)) {
            Cursor before = new CursorStore(kafka).load(cursorKey).orElse(Cursor.windowsUntil(null));
            Cursor moved = before.resetTo(to, new CursorReset(by, now, before.completedUntil(), to));
            publisher.commit(flow, cursorKey, moved);
            return moved;
        }
    }
}
