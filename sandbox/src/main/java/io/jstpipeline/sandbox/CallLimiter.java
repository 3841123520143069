package io.jstpipeline.sandbox;

import io.jstpipeline.sandbox.RateLimits.Limit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/** Enforces {@link RateLimits} with sliding windows: the times of the calls it let through, newest last. */
final class CallLimiter {

    private final List<Limit> limits;
    private final long longestNanos;
    private final LongSupplier clock;
    private final Deque<Long> admitted = new ArrayDeque<>();

    /** @param clock the gateway's clock in nanoseconds, such as {@link System#nanoTime} */
    CallLimiter(RateLimits limits, LongSupplier clock) {
        this.limits = limits.limits();
        this.longestNanos = this.limits.stream().mapToLong(limit -> limit.per().toNanos()).max().orElse(0L);
        this.clock = clock;
    }

    /**
     * Counts a call made now, or refuses it without counting it.
     *
     * @throws GatewayError with code 199 over the first limit, 200 over a later one
     */
    synchronized void admit() {
        if (limits.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        while (!admitted.isEmpty() && now - admitted.peekFirst() >= longestNanos) {
            admitted.removeFirst();
        }
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            if (admittedWithin(now, limit.per().toNanos()) >= limit.calls()) {
                int code = i == 0 ? GatewayError.CALLS_PER_SECOND_EXCEEDED : GatewayError.CALLS_PER_MINUTE_EXCEEDED;
                throw GatewayError.callLimitExceeded(code, "over the limit of " + limit + "; retry later");
            }
        }
        admitted.addLast(now);
    }

    private int admittedWithin(long now, long nanos) {
        int count = 0;
        for (Iterator<Long> newestFirst = admitted.descendingIterator();
             newestFirst.hasNext() && now - newestFirst.next() < nanos; ) {
            count++;
        }
        return count;
    }
}
