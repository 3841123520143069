package io.jstpipeline.extractor.publish;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Another writer of the flow's transactional id took over its cursor, so this publisher's transaction was aborted:
 * an operator's {@code extract --reset-cursor}, or a second extractor started with the same
 * {@code extractor.instance}. The run stops; the next reads on from the cursor in {@code jst.extractor.state}.
 */
public final class CursorTakenOverException extends KafkaException {

    CursorTakenOverException(String cursorKey, Throwable cause) {
        super("another writer took over cursor " + cursorKey + " (a reset with extract --reset-cursor, or a second "
                + "extractor with the same extractor.instance); the next run reads on from the cursor it left", cause);
    }

    /** Whether {@code e} says the producer was fenced by a newer one of its transactional id. */
    static boolean fencing(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}
