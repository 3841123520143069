package io.jstpipeline.extractor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Keeps the calls of one merchant within its {@link CallLimits}, each enforced as a sliding window: a call
 * may start only when fewer than {@code calls} calls started within the last {@code per}. The gateway may
 * well count that way; a limiter that hands out permissions per fixed cycle (such as resilience4j's
 * RateLimiter) lets a burst at the end of one cycle meet a burst at the start of the next, twice the limit
 * within one {@code per}.
 *
 * <p>Thread-safe; callers are served in the order they arrive. Nothing is spaced out beyond the limits, so
 * callers get the whole budget.
 */
public final class SlidingWindowLimiter {

    /**
     * Added to every wait so that a call never starts exactly {@code per} after the one whose place it takes:
     * a gateway comparing inclusively would count both within one window.
     */
    private static final long MARGIN_NANOS = Duration.ofMillis(1).toNanos();

    private final List<Window> windows;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    /** Callers waiting, the one whose turn it is first. */
    private final Queue<Object> waiting = new ArrayDeque<>();
    private long acquired;
    private long waitedNanos;

    public SlidingWindowLimiter(CallLimits limits) {
        this(limits, System::nanoTime);
    }

    /** @param nanoTime a monotonic time source in nanoseconds, like {@link System#nanoTime()} */
    public SlidingWindowLimiter(CallLimits limits, LongSupplier nanoTime) {
        this.windows = limits.limits().stream().map(Window::new).toList();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Blocks until a call may start without breaking any limit, then counts it as started.
     *
     * @throws InterruptedException when interrupted while waiting; no call is counted then
     */
    public void acquire() throws InterruptedException {
        Object caller = new Object();
        lock.lockInterruptibly();
        try {
            long arrived = nanoTime.getAsLong();
            waiting.add(caller);
            try {
                while (true) {
                    if (waiting.peek() != caller) {
                        turn.await();
                        continue;
                    }
                    long now = nanoTime.getAsLong();
                    long wait = nanosUntilAllowed(now);
                    if (wait <= 0) {
                        windows.forEach(window -> window.record(now));
                        acquired++;
                        waitedNanos += now - arrived;
                        return;
                    }
                    turn.awaitNanos(wait);
                }
            } finally {
                waiting.remove(caller);
                turn.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Calls let through so far. */
    public long acquired() {
        lock.lock();
        try {
            return acquired;
        } finally {
            lock.unlock();
        }
    }

    /** Time callers have spent in {@link #acquire()} before their calls could start, added up. */
    public Duration waited() {
        lock.lock();
        try {
            return Duration.ofNanos(waitedNanos);
        } finally {
            lock.unlock();
        }
    }

    private long nanosUntilAllowed(long now) {
        long wait = 0;
        for (Window window : windows) {
            wait = Math.max(wait, window.nanosUntilAllowed(now));
        }
        return wait;
    }

    /** The start times of the last {@code calls} calls of one limit, in a ring. */
    private static final class Window {
        private final long perNanos;
        private final long[] starts;
        private int recorded;
        private int oldest;

        Window(CallLimits.CallLimit limit) {
            this.perNanos = limit.per().toNanos();
            this.starts = new long[limit.calls()];
        }

        /** Zero or less once the oldest of the last {@code calls} calls started more than {@code per} ago. */
        long nanosUntilAllowed(long now) {
            return recorded < starts.length ? 0 : starts[oldest] + perNanos + MARGIN_NANOS - now;
        }

        void record(long start) {
            starts[oldest] = start;
            oldest = (oldest + 1) % starts.length;
            recorded = Math.min(recorded + 1, starts.length);
        }
    }
}
