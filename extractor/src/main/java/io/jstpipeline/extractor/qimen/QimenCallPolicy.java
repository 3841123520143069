package io.jstpipeline.extractor.qimen;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides how a Qimen call is made. Each attempt waits for the merchant's
 * {@link SlidingWindowLimiter}, runs inside a circuit breaker that opens when too many attempts fail in a
 * retryable way (the API is unwell: calls fail fast instead of adding to the load), and a retry with
 * exponential, jittered backoff repeats attempts that failed in a retryable way or were refused by the open
 * breaker.
 *
 * <p>The limits are per merchant, so one policy is shared by every flow of a merchant, and the policies of one app
 * key in a process share its limiter ({@link #QimenCallPolicy(Settings, String)}); it is thread-safe.
 *
 * <p>A refusal over the merchant's call limits (199, 200, 7, 8) is no failure of the API but a sign that another
 * client of the app key (a backfill or a reconciliation in another process) spends the same budget: the limiter
 * holds every call back for a while ({@link CallLimits#pauseAfterRefusal}) and the call is made again, neither
 * counted by the breaker nor spending an attempt, for up to {@code callLimitPatience}.
 */
public final class QimenCallPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(QimenCallPolicy.class);
    private static final String NAME = "qimen";

    /**
     * @param limits             the merchant's call limits
     * @param maxAttempts        attempts in all, the first included
     * @param initialBackoff     the mean wait after the first failure, at least 1 ms
     * @param multiplier         each wait's mean is the previous one's times this
     * @param randomization      each wait lies within its mean ± this fraction, in {@code [0, 1)}
     * @param maxBackoff         the longest wait
     * @param breakerWindow      the last attempts whose failure rate the breaker watches
     * @param breakerFailureRate the failure rate, in percent, at which the breaker opens
     * @param breakerOpenFor     how long the open breaker refuses attempts before letting a few through
     * @param callLimitPatience  how long one call keeps being made again while refused over the call limits
     */
    public record Settings(CallLimits limits, int maxAttempts, Duration initialBackoff, double multiplier,
                           double randomization, Duration maxBackoff, int breakerWindow, float breakerFailureRate,
                           Duration breakerOpenFor, Duration callLimitPatience) {

        public Settings {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
            Objects.requireNonNull(callLimitPatience, "callLimitPatience");
            require(maxAttempts >= 1, "maxAttempts must be at least 1, got " + maxAttempts);
            require(initialBackoff.toMillis() >= 1, "initialBackoff must be at least 1 ms, got " + initialBackoff);
            require(maxBackoff.compareTo(initialBackoff) >= 0,
                    "maxBackoff " + maxBackoff + " must not be below initialBackoff " + initialBackoff);
            require(multiplier >= 1, "multiplier must be at least 1, got " + multiplier);
            require(randomization >= 0 && randomization < 1, "randomization must be in [0, 1), got " + randomization);
            require(breakerWindow >= 1, "breakerWindow must be at least 1, got " + breakerWindow);
            require(breakerFailureRate > 0 && breakerFailureRate <= 100,
                    "breakerFailureRate must be in (0, 100], got " + breakerFailureRate);
            require(breakerOpenFor.toMillis() >= 1, "breakerOpenFor must be at least 1 ms, got " + breakerOpenFor);
        }

        /**
         * Jushuitan's limits; 8 attempts waiting about 1, 2, 4, 8, 16, 30 and 30 s (±50 %, capped at 30 s): even
         * the shortest draw adds up to 61.5 s, so Jushuitan's per-minute limit (code 200) has passed before the
         * last attempt, and the breaker (50 % of the last 20 attempts; open 30 s) has let calls through again.
         */
        public static Settings defaults() {
            return new Settings(CallLimits.jushuitan(), 8, Duration.ofSeconds(1), 2, 0.5, Duration.ofSeconds(30),
                    20, 50, Duration.ofSeconds(30), Duration.ofMinutes(10));
        }

        public Settings withLimits(CallLimits limits) {
            return new Settings(limits, maxAttempts, initialBackoff, multiplier, randomization, maxBackoff,
                    breakerWindow, breakerFailureRate, breakerOpenFor, callLimitPatience);
        }

        public Settings withMaxAttempts(int maxAttempts) {
            return new Settings(limits, maxAttempts, initialBackoff, multiplier, randomization, maxBackoff,
                    breakerWindow, breakerFailureRate, breakerOpenFor, callLimitPatience);
        }

        public Settings withBackoff(Duration initialBackoff, Duration maxBackoff) {
            return new Settings(limits, maxAttempts, initialBackoff, multiplier, randomization, maxBackoff,
                    breakerWindow, breakerFailureRate, breakerOpenFor, callLimitPatience);
        }

        public Settings withCallLimitPatience(Duration callLimitPatience) {
            return new Settings(limits, maxAttempts, initialBackoff, multiplier, randomization, maxBackoff,
                    breakerWindow, breakerFailureRate, breakerOpenFor, callLimitPatience);
        }

        public Settings withBreaker(int breakerWindow, float breakerFailureRate, Duration breakerOpenFor) {
            return new Settings(limits, maxAttempts, initialBackoff, multiplier, randomization, maxBackoff,
                    breakerWindow, breakerFailureRate, breakerOpenFor, callLimitPatience);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    private final Settings settings;
    private final SlidingWindowLimiter limiter;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final LongAdder attempts = new LongAdder();
    private final LongAdder retries = new LongAdder();

    /**
     * The policy of the merchant {@code appKey}: its limiter is the one every policy of that app key (and limits) in
     * this process waits for, as the gateway counts the merchant's calls whoever makes them; an extraction and a
     * reconciliation side by side stay within the limits together. Its retries and breaker are its own.
     */
    public QimenCallPolicy(Settings settings, String appKey) {
        this(settings, SlidingWindowLimiter.ofMerchant(appKey, settings.limits()));
    }

    /** A policy with a limiter of its own: for a caller alone with its app key (a benchmark, a test). */
    public QimenCallPolicy(Settings settings) {
        this(settings, new SlidingWindowLimiter(settings.limits()));
    }

    private QimenCallPolicy(Settings settings, SlidingWindowLimiter limiter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.limiter = limiter;
        // Only a retryable failure says something about the API's health; a refused argument is the caller's.
        this.breaker = CircuitBreaker.of(NAME, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerWindow())
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .recordException(QimenCallPolicy::isRetryableFailure)
                .ignoreException(e -> !isRetryableFailure(e))
                .build());
        this.retry = Retry.of(NAME, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                        settings.multiplier(), settings.randomization(), settings.maxBackoff()))
                .retryOnException(e -> isRetryableFailure(e) || e instanceof CallNotPermittedException)
                .build());
        retry.getEventPublisher().onRetry(event -> {
            retries.increment();
            LOG.warn("Qimen call attempt {} of {} failed, retrying in {} ms: {}", event.getNumberOfRetryAttempts(),
                    settings.maxAttempts(), event.getWaitInterval().toMillis(), event.getLastThrowable().getMessage());
        });
    }

    public static QimenCallPolicy defaults() {
        return new QimenCallPolicy(Settings.defaults());
    }

    /**
     * Makes the Qimen call {@code call} of {@code method}, described by {@code what} for errors, under the
     * limits, breaker and retries.
     *
     * @throws QimenApiException at once when it is not retryable; otherwise the last failure once the attempts
     *                           are used up. When the last attempt was refused by the open breaker, that refusal
     *                           is reported as an I/O failure of {@code what} (code {@code io}, retryable): no
     *                           answer was got, and a later call may well get one.
     * @throws InterruptedException when interrupted while waiting for the limiter, between attempts, or during an
     *                              attempt that then failed
     */
    public <T> T call(String method, String what, Supplier<T> call) throws InterruptedException {
        // The breaker is asked before the limiter, so that an attempt it refuses spends none of the budget.
        Callable<T> guarded = CircuitBreaker.decorateCallable(breaker, () -> withinCallLimits(method, what, call));
        // Counted here rather than in the retry's event, which does not know the method: every attempt but
        // the first is a retry, whether the one before failed or was refused by the open breaker.
        Counter methodRetries = QimenMetrics.apiRetries(method);
        int[] tries = {0};
        Callable<T> attempt = () -> {
            if (tries[0]++ > 0) {
                methodRetries.increment();
            }
            return guarded.call();
        };
        try {
            return Retry.decorateCallable(retry, attempt).call();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // resilience4j answers an interrupt during its backoff with the last failure and the interrupt flag.
            if (Thread.interrupted()) {
                throw interrupted(what, e);
            }
            if (e instanceof CallNotPermittedException refused) {
                throw QimenApiException.ioError(what, refused);
            }
            // The attempt throws no checked exception but InterruptedException.
            throw (RuntimeException) e;
        }
    }

    public Settings settings() {
        return settings;
    }

    /** The limiter every attempt waits for; its {@link SlidingWindowLimiter#waited()} is an operator metric. */
    public SlidingWindowLimiter limiter() {
        return limiter;
    }

    /** Attempts that reached the API: neither refused by the open breaker nor interrupted before. */
    public long attempts() {
        return attempts.sum();
    }

    /** Attempts that failed in a retryable way and were repeated after a backoff. */
    public long retries() {
        return retries.sum();
    }

    /** {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    public String breakerState() {
        return breaker.getState().name();
    }

    private static InterruptedException interrupted(String what, Exception cause) {
        InterruptedException interrupted = new InterruptedException(what + " was interrupted");
        interrupted.initCause(cause);
        return interrupted;
    }

    /** One attempt: made again, after the limiter's pause, while the gateway refuses it over the call limits. */
    private <T> T withinCallLimits(String method, String what, Supplier<T> call) throws InterruptedException {
        long giveUp = System.nanoTime() + settings.callLimitPatience().toNanos();
        while (true) {
            try (SlidingWindowLimiter.Permit permit = limiter.acquire()) {
                attempts.increment();
                try {
                    return call.get();
                } catch (QimenApiException e) {
                    // Cut short by an interrupt (a read giving up its other pages, a shutdown), the attempt failed
                    // on this side: neither the breaker nor the retry may take it for a sign of the API's health.
                    if (Thread.interrupted()) {
                        throw interrupted(what, e);
                    }
                    if (!e.overCallLimit() || System.nanoTime() - giveUp > 0) {
                        throw e;
                    }
                    Duration pause = settings.limits().pauseAfterRefusal(e.overSecondLimit());
                    limiter.holdOff(pause);
                    QimenMetrics.callLimitRefusals(method).increment();
                    LOG.warn("{} refused over the merchant's call limits (code {}): another client of the app key is "
                            + "calling too; every call waits {} ms", what, e.code(), pause.toMillis());
                }
            }
        }
    }

    private static boolean isRetryableFailure(Throwable e) {
        return e instanceof QimenApiException failure && failure.retryable();
    }
}
