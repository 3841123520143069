package io.jstpipeline.extractor.qimen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.jstpipeline.extractor.qimen.CallLimits.CallLimit;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class QimenCallPolicyTest {

    private static final String METHOD = "jushuitan.order.list.query";
    private static final String CALL = METHOD + " page 1";
    /** No limits, tiny backoffs and a breaker that stays out of the way. */
    private static final QimenCallPolicy.Settings QUICK = QimenCallPolicy.Settings.defaults()
            .withLimits(CallLimits.none())
            .withMaxAttempts(3)
            .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2))
            .withBreaker(100, 50, Duration.ofMinutes(1));

    private final AtomicInteger invocations = new AtomicInteger();

    @Test
    void aCallThatFailsRetryablyTwiceSucceedsOnTheThirdAttempt() throws InterruptedException {
        QimenCallPolicy policy = new QimenCallPolicy(QUICK);

        String result = policy.call(METHOD, CALL, failingFirst(2, "page"));

        assertThat(result).isEqualTo("page");
        assertThat(invocations).hasValue(3);
        assertThat(policy.attempts()).isEqualTo(3);
        assertThat(policy.retries()).isEqualTo(2);
    }

    @Test
    void refusalsOverTheCallLimitsPauseTheMerchantsCallsWithoutSpendingAttemptsOrOpeningTheBreaker()
            throws InterruptedException {
        // Another process of the app key spends the same budget: ten refusals, more than the attempts and enough
        // to open this breaker were they failures.
        QimenCallPolicy policy = new QimenCallPolicy(QUICK.withLimits(new CallLimits(List.of(
                new CallLimit(1000, Duration.ofMillis(10)), new CallLimit(1000, Duration.ofMillis(200)))))
                .withBreaker(4, 50, Duration.ofMinutes(1)));
        long started = System.nanoTime();

        String result = policy.call(METHOD, CALL, () -> {
            int attempt = invocations.incrementAndGet();
            if (attempt <= 10) {
                throw QimenApiException.refused(CALL, attempt % 2 == 0 ? "199" : "200", null, "over the limit");
            }
            return "page";
        });

        assertThat(result).isEqualTo("page");
        assertThat(policy.retries()).isZero();
        assertThat(policy.breakerState()).isEqualTo("CLOSED");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("five pauses of 10 ms and five of 50 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void refusalsOverTheCallLimitsBeyondThePatienceAreThrownToTheRetries() {
        QimenCallPolicy policy = new QimenCallPolicy(QUICK.withCallLimitPatience(Duration.ZERO));

        assertThatThrownBy(() -> policy.call(METHOD, CALL, () -> {
            invocations.incrementAndGet();
            throw QimenApiException.refused(CALL, "200", null, "more than 100 calls per minute");
        })).isInstanceOf(QimenApiException.class).hasMessageContaining("code 200");
        assertThat(invocations).as("each of the 3 attempts refused once, then patience is out").hasValue(3);
    }

    @Test
    void aFailureThatIsNotRetryableIsThrownAfterOneAttempt() {
        QimenCallPolicy policy = new QimenCallPolicy(QUICK);
        QimenApiException badSign = QimenApiException.refused(CALL, "25", "isv.invalid-signature", "Invalid signature");

        assertThatThrownBy(() -> policy.call(METHOD, CALL, () -> {
            invocations.incrementAndGet();
            throw badSign;
        })).isSameAs(badSign);
        assertThat(invocations).hasValue(1);
        assertThat(policy.retries()).isZero();
    }

    @Test
    void whenTheAttemptsAreUsedUpTheLastFailureIsThrownAsItIs() {
        QimenCallPolicy policy = new QimenCallPolicy(QUICK);
        QimenApiException[] last = new QimenApiException[1];

        assertThatThrownBy(() -> policy.call(METHOD, CALL, () -> {
            last[0] = remoteServiceError(invocations.incrementAndGet());
            throw last[0];
        })).isSameAs(last[0]).hasMessageContaining("attempt 3");
        assertThat(invocations).hasValue(3);
        assertThat(policy.retries()).isEqualTo(2);
    }

    @Test
    void enoughRetryableFailuresOpenTheBreakerAndLaterCallsFailWithoutReachingTheApi() {
        QimenCallPolicy policy = new QimenCallPolicy(QUICK.withMaxAttempts(2).withBreaker(4, 50, Duration.ofMinutes(1)));
        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(() -> policy.call(METHOD, CALL, failingFirst(Integer.MAX_VALUE, "never")))
                    .isInstanceOf(QimenApiException.class);
        }
        assertThat(policy.breakerState()).isEqualTo("OPEN");
        assertThat(invocations).hasValue(4);

        assertThatThrownBy(() -> policy.call(METHOD, CALL, failingFirst(0, "page")))
                .isInstanceOfSatisfying(QimenApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(QimenApiException.IO_ERROR);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getCause()).isInstanceOf(CallNotPermittedException.class);
                })
                .hasMessageContaining(CALL).hasMessageContaining("OPEN");
        assertThat(invocations).hasValue(4);
        assertThat(policy.attempts()).isEqualTo(4);
    }

    @Test
    void failuresThatAreNotRetryableLeaveTheBreakerClosed() {
        QimenCallPolicy policy = new QimenCallPolicy(QUICK.withBreaker(4, 50, Duration.ofMinutes(1)));
        for (int call = 0; call < 8; call++) {
            assertThatThrownBy(() -> policy.call(METHOD, CALL, () -> {
                throw QimenApiException.refused(CALL, "40", null, "missing start_time");
            })).isInstanceOf(QimenApiException.class);
        }
        assertThat(policy.breakerState()).isEqualTo("CLOSED");
    }

    @Test
    void anInterruptDuringTheBackoffPropagates() throws Exception {
        QimenCallPolicy policy = new QimenCallPolicy(QUICK.withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10)));
        CountDownLatch failedOnce = new CountDownLatch(1);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                policy.call(METHOD, CALL, () -> {
                    invocations.incrementAndGet();
                    failedOnce.countDown();
                    throw remoteServiceError(1);
                });
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        caller.start();
        assertThat(failedOnce.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);

        caller.interrupt();

        assertThat(thrown.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class)
                .hasCauseInstanceOf(QimenApiException.class);
        assertThat(invocations).hasValue(1);
    }

    @Test
    void anInterruptWhileWaitingForTheLimiterPropagatesAndIsNotAFailure() throws Exception {
        QimenCallPolicy policy = new QimenCallPolicy(QUICK.withBreaker(1, 50, Duration.ofMinutes(1))
                .withLimits(new CallLimits(List.of(new CallLimit(1, Duration.ofMinutes(1))))));
        policy.call(METHOD, CALL, () -> "first");
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                policy.call(METHOD, CALL, failingFirst(0, "second"));
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        caller.start();
        Thread.sleep(100);

        caller.interrupt();

        assertThat(thrown.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(invocations).hasValue(0);
        assertThat(policy.breakerState()).isEqualTo("CLOSED");
    }

    @Test
    void anAttemptCutShortByAnInterruptIsNeitherRetriedNorHeldAgainstTheApi() {
        // A breaker that opens on a single recorded failure.
        QimenCallPolicy policy = new QimenCallPolicy(QUICK.withBreaker(1, 100, Duration.ofMinutes(1)));

        // What the HTTP client does when a read gives up the page it is fetching: the I/O fails as interrupted.
        assertThatThrownBy(() -> policy.call(METHOD, CALL, () -> {
            invocations.incrementAndGet();
            Thread.currentThread().interrupt();
            throw QimenApiException.ioError(CALL, new InterruptedIOException("interrupted"));
        })).isInstanceOf(InterruptedException.class).hasCauseInstanceOf(QimenApiException.class);

        assertThat(Thread.interrupted()).as("the interrupt is reported by the exception alone").isFalse();
        assertThat(invocations).hasValue(1);
        assertThat(policy.breakerState()).isEqualTo("CLOSED");
    }

    @Test
    void everyAttemptWaitsForTheLimits() throws InterruptedException {
        QimenCallPolicy policy = new QimenCallPolicy(
                QUICK.withLimits(new CallLimits(List.of(new CallLimit(2, Duration.ofMillis(200))))));

        long began = System.nanoTime();
        policy.call(METHOD, CALL, failingFirst(2, "page"));

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(policy.limiter().acquired()).isEqualTo(3);
        assertThat(policy.limiter().waited()).isGreaterThan(Duration.ofMillis(150));
    }

    @Test
    void theDefaultsWaitOutJushuitansPerMinuteLimit() {
        QimenCallPolicy.Settings defaults = QimenCallPolicy.defaults().settings();

        assertThat(defaults.limits()).isEqualTo(CallLimits.jushuitan());
        assertThat(defaults.maxAttempts()).isEqualTo(8);
        assertThat(defaults.breakerWindow()).isEqualTo(20);
        assertThat(defaults.breakerOpenFor()).isEqualTo(Duration.ofSeconds(30));
        // The shortest draw of every wait before the last attempt: mean × (1 − randomization), capped.
        double shortestTotalMillis = 0;
        for (int retry = 0; retry < defaults.maxAttempts() - 1; retry++) {
            double mean = defaults.initialBackoff().toMillis() * Math.pow(defaults.multiplier(), retry);
            shortestTotalMillis += Math.min(mean * (1 - defaults.randomization()), defaults.maxBackoff().toMillis());
        }
        assertThat(shortestTotalMillis).isGreaterThan(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> QUICK.withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> QUICK.withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> QUICK.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> QUICK.withBreaker(20, 0, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("breakerFailureRate");
    }

    /** Fails with code 15 (remote service error) the first {@code failures} times, then answers {@code result}. */
    private Supplier<String> failingFirst(int failures, String result) {
        return () -> {
            int attempt = invocations.incrementAndGet();
            if (attempt <= failures) {
                throw remoteServiceError(attempt);
            }
            return result;
        };
    }

    private static QimenApiException remoteServiceError(int attempt) {
        return QimenApiException.refused(CALL + " attempt " + attempt, "15", "isp.remote-service-unavailable",
                "Remote service error");
    }
}
