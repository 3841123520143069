package io.jstpipeline.extractor.qimen;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Keeps the calls of one merchant within its {@link CallLimits}, each enforced as a sliding window: a call
 * may start only when fewer than {@code calls} calls ended within the last {@code per}, calls still under
 * way counting as ending now. The gateway may well count that way; a limiter that hands out permissions per
 * fixed cycle (such as resilience4j's RateLimiter) lets a burst at the end of one cycle meet a burst at the
 * start of the next, twice the limit within one {@code per}.
 *
 * <p>Calls are counted by when they end, not when they start, because the gateway stamps a call somewhere
 * in between: counting by start, a call that took longer to arrive than the one {@code calls} later makes
 * the two look closer than {@code per} to the gateway, and it answers 199. Counted by end, the gateway's
 * stamps are always at least {@code per} apart, whatever the latency.
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
    /** The time of a call still under way: it holds its place until it ends. */
    private static final long UNDER_WAY = Long.MAX_VALUE;
    /** The limiter of each merchant in this process. */
    private static final Map<Merchant, SlidingWindowLimiter> BY_MERCHANT = new ConcurrentHashMap<>();

    /** A merchant's app key and the limits its calls are held to. */
    private record Merchant(String appKey, CallLimits limits) {
    }

    /** A call let through; closing it when the call has ended (answered or failed) dates it. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final List<Window> windows;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    /** Callers waiting, the one whose turn it is first. */
    private final Queue<Object> waiting = new ArrayDeque<>();
    private long acquired;
    private long waitedNanos;
    /** No call starts before this time ({@link #holdOff}); 0 when none is held off. */
    private long heldUntil;

    public SlidingWindowLimiter(CallLimits limits) {
        this(limits, System::nanoTime);
    }

    /**
     * The one limiter of the merchant {@code appKey} under {@code limits} in this process: the gateway counts the
     * merchant's calls whichever client makes them, so every client of the app key must wait for the same one.
     */
    public static SlidingWindowLimiter ofMerchant(String appKey, CallLimits limits) {
        Objects.requireNonNull(appKey, "appKey");
        return BY_MERCHANT.computeIfAbsent(new Merchant(appKey, limits), merchant -> new SlidingWindowLimiter(limits));
    }

    /** @param nanoTime a monotonic time source in nanoseconds, like {@link System#nanoTime()} */
    public SlidingWindowLimiter(CallLimits limits, LongSupplier nanoTime) {
        this.windows = limits.limits().stream().map(Window::new).toList();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Blocks until a call may start without breaking any limit, then counts it as under way until the
     * permit is closed.
     *
     * @throws InterruptedException when interrupted while waiting; no call is counted then
     */
    public Permit acquire() throws InterruptedException {
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
                        int[] slots = windows.stream().mapToInt(Window::startCall).toArray();
                        acquired++;
                        waitedNanos += now - arrived;
                        QimenMetrics.RATE_LIMIT_WAIT.record(now - arrived, TimeUnit.NANOSECONDS);
                        return () -> ended(slots);
                    }
                    if (wait == UNDER_WAY) {
                        turn.await();
                    } else {
                        turn.awaitNanos(wait);
                    }
                }
            } finally {
                waiting.remove(caller);
                turn.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void ended(int[] slots) {
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            for (int i = 0; i < slots.length; i++) {
                windows.get(i).endCall(slots[i], now);
            }
            turn.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets no call start for {@code pause} from now: the gateway refused one for the merchant's limits, which
     * another client of the same app key (a backfill process beside the extractor) spends as well.
     */
    public void holdOff(Duration pause) {
        lock.lock();
        try {
            heldUntil = Math.max(heldUntil, nanoTime.getAsLong() + pause.toNanos());
            turn.signalAll();
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

    /** How long until every window lets a call through; {@link #UNDER_WAY} when one waits for a call to end. */
    private long nanosUntilAllowed(long now) {
        long wait = heldUntil - now;
        for (Window window : windows) {
            wait = Math.max(wait, window.nanosUntilAllowed(now));
        }
        return wait;
    }

    /** The end times of the last {@code calls} calls of one limit, in a ring ({@link #UNDER_WAY} while running). */
    private static final class Window {
        private final long perNanos;
        private final long[] ends;
        private int recorded;
        private int oldest;

        Window(CallLimits.CallLimit limit) {
            this.perNanos = limit.per().toNanos();
            this.ends = new long[limit.calls()];
        }

        /**
         * Zero or less once the oldest of the last {@code calls} calls ended more than {@code per} ago;
         * {@link #UNDER_WAY} while it is still running (its slot is freed by its end, not by time).
         */
        long nanosUntilAllowed(long now) {
            if (recorded < ends.length) {
                return 0;
            }
            return ends[oldest] == UNDER_WAY ? UNDER_WAY : ends[oldest] + perNanos + MARGIN_NANOS - now;
        }

        /** Takes the oldest slot for a new call and returns it. */
        int startCall() {
            int slot = oldest;
            ends[slot] = UNDER_WAY;
            oldest = (oldest + 1) % ends.length;
            recorded = Math.min(recorded + 1, ends.length);
            return slot;
        }

        void endCall(int slot, long end) {
            ends[slot] = end;
        }
    }
}
