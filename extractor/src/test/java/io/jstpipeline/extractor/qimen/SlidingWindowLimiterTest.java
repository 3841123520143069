package io.jstpipeline.extractor.qimen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.extractor.qimen.CallLimits.CallLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {

    private static final CallLimit FIVE_PER_100_MS = new CallLimit(5, Duration.ofMillis(100));

    /** The system's time, remembering per thread the last reading: the start the limiter recorded for a call. */
    private final ThreadLocal<Long> lastReading = new ThreadLocal<>();
    private final LongSupplier recordingTime = () -> {
        long now = System.nanoTime();
        lastReading.set(now);
        return now;
    };

    @Test
    void aCallStillUnderWayHoldsItsPlaceUntilItEnds() throws Exception {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(
                new CallLimits(List.of(new CallLimit(1, Duration.ofMillis(20)))));
        SlidingWindowLimiter.Permit slowCall = limiter.acquire();
        ExecutorService next = Executors.newSingleThreadExecutor();
        try {
            Future<Long> started = next.submit(() -> {
                limiter.acquire().close();
                return System.nanoTime();
            });
            Thread.sleep(100);
            assertThat(started.isDone()).as("the next call waits while the first is under way").isFalse();
            long ended = System.nanoTime();
            slowCall.close();
            assertThat(started.get(5, TimeUnit.SECONDS) - ended).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        } finally {
            next.shutdownNow();
        }
    }

    @Test
    void noWindowOfAnyLimitEverHoldsMoreThanItsCallsAcrossTwoThreads() throws Exception {
        CallLimit fivePer50Ms = new CallLimit(5, Duration.ofMillis(50));
        CallLimit twelvePer300Ms = new CallLimit(12, Duration.ofMillis(300));
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(
                new CallLimits(List.of(fivePer50Ms, twelvePer300Ms)), recordingTime);
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        limiter.acquire().close();
                        starts.add(lastReading.get());
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        List<Long> sorted = starts.stream().sorted().toList();
        assertThat(sorted).hasSize(50);
        assertThat(limiter.acquired()).isEqualTo(50);
        assertEveryWindowHoldsAtMost(sorted, fivePer50Ms);
        assertEveryWindowHoldsAtMost(sorted, twelvePer300Ms);
    }

    @Test
    void callersGetTheWholeBudget() throws InterruptedException {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(new CallLimits(List.of(FIVE_PER_100_MS)));

        long began = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            limiter.acquire().close();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        // Ten bursts of five, the last starting nine periods (and nine 1 ms margins) after the first: never
        // sooner, and not much later (the bound is loose for a busy machine; CallBudgetTest measures the share).
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(1500));
    }

    @Test
    void waitedGrowsOnlyWhenCallersAreHeldBack() throws InterruptedException {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(new CallLimits(List.of(FIVE_PER_100_MS)));
        for (int i = 0; i < 5; i++) {
            limiter.acquire().close();
        }
        assertThat(limiter.waited()).isLessThan(Duration.ofMillis(50));

        limiter.acquire().close();

        assertThat(limiter.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(limiter.acquired()).isEqualTo(6);
    }

    @Test
    void withoutLimitsNobodyWaits() throws InterruptedException {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(CallLimits.none());
        for (int i = 0; i < 1000; i++) {
            limiter.acquire().close();
        }
        assertThat(limiter.acquired()).isEqualTo(1000);
        assertThat(limiter.waited()).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void anInterruptedCallerGivesUpWithoutTakingACall() throws Exception {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(
                new CallLimits(List.of(new CallLimit(1, Duration.ofMinutes(1)))));
        limiter.acquire().close();

        Thread.currentThread().interrupt();
        assertThatThrownBy(limiter::acquire).isInstanceOf(InterruptedException.class);

        assertThat(limiter.acquired()).isEqualTo(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> waiting = thread.submit(() -> {
                limiter.acquire().close();
                return null;
            });
            Thread.sleep(100);
            waiting.cancel(true);
            thread.shutdown();
            assertThat(thread.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            thread.shutdownNow();
        }
        assertThat(limiter.acquired()).isEqualTo(1);
    }

    private static void assertEveryWindowHoldsAtMost(List<Long> sortedStarts, CallLimit limit) {
        long perNanos = limit.per().toNanos();
        for (int i = 0; i + limit.calls() < sortedStarts.size(); i++) {
            long gap = sortedStarts.get(i + limit.calls()) - sortedStarts.get(i);
            assertThat(gap).as("call %d starts %d ns after call %d; %s allows no less", i + limit.calls(), gap, i, limit)
                    .isGreaterThanOrEqualTo(perNanos);
        }
    }
}
