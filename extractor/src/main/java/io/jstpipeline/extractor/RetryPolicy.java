package io.jstpipeline.extractor;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a Qimen call that failed in a retryable way, waiting twice as long after each failure up to a cap.
 * The one place that decides about retries, so that a fuller policy can replace it.
 *
 * @param maxAttempts    attempts in all, the first included
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff     the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff (" + initialBackoff
                    + ") <= maxBackoff (" + maxBackoff + ")");
        }
    }

    /**
     * Six attempts waiting 1, 2, 4, 8 and 16 s: the waits add up to more than a minute, so that even
     * Jushuitan's per-minute call limit (code 200) has passed before the last attempt.
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /**
     * Runs {@code call} until it succeeds, fails in a way that is not retryable, or the attempts are used up.
     *
     * @throws QimenApiException the last failure
     * @throws InterruptedException when interrupted while waiting
     */
    public <T> T call(Supplier<T> call) throws InterruptedException {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (QimenApiException e) {
                if (!e.retryable() || attempt == maxAttempts) {
                    throw e;
                }
                LOG.warn("attempt {} of {} failed, retrying in {} ms: {}",
                        attempt, maxAttempts, backoff.toMillis(), e.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = min(backoff.multipliedBy(2), maxBackoff);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
