package io.jstpipeline.sandbox;

import io.jstpipeline.common.qimen.QimenTime;
import java.time.LocalDateTime;

/**
 * The {@code ts} row version every served document carries: {@code modified} in epoch seconds times
 * {@value #PER_SECOND} plus a sequence number, so that ordering by {@code ts} is ordering by {@code modified}
 * and a revision can always move a document past every other.
 */
final class RowVersion {

    /** Row versions per second of {@code modified}: room for the index of every generated document. */
    static final long PER_SECOND = 1_000_000L;
    static final int MAX_DOCUMENTS = (int) PER_SECOND;

    private RowVersion() {
    }

    /** The row version of a document modified at {@code modified}; {@code sequence} breaks ties within a second. */
    static long ts(LocalDateTime modified, long sequence) {
        return modified.atZone(QimenTime.ZONE).toEpochSecond() * PER_SECOND + sequence;
    }

    /** @throws IllegalArgumentException when {@code count} documents cannot all get distinct row versions */
    static void requireCount(int count) {
        if (count < 0 || count > MAX_DOCUMENTS) {
            throw new IllegalArgumentException("count must be between 0 and " + MAX_DOCUMENTS + ", got " + count);
        }
    }
}
