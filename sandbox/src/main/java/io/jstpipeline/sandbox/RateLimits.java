package io.jstpipeline.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The call limits the gateway enforces per merchant, each a sliding window over the gateway's own clock.
 * A call over the first limit is refused with Jushuitan's code 199 (more than 5 calls per second on the real
 * API), a call over any later one with 200 (more than 100 calls per minute).
 *
 * @param limits checked in order; empty means unlimited (the default)
 */
public record RateLimits(List<Limit> limits) {

    /** At most {@code calls} calls in any period of length {@code per}. */
    public record Limit(int calls, Duration per) {
        public Limit {
            if (calls < 1) {
                throw new IllegalArgumentException("calls must be 1 or more, got " + calls);
            }
            Objects.requireNonNull(per, "per");
            if (per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("per must be positive, got " + per);
            }
        }

        @Override
        public String toString() {
            String period = per.toMillis() % 1000 == 0 ? per.toSeconds() + " s" : per.toMillis() + " ms";
            return calls + " calls per " + period;
        }
    }

    public RateLimits {
        limits = List.copyOf(limits);
    }

    public static RateLimits none() {
        return new RateLimits(List.of());
    }

    /** Jushuitan's limits: 5 calls per second and 100 per minute. */
    public static RateLimits jushuitan() {
        return new RateLimits(List.of(new Limit(5, Duration.ofSeconds(1)), new Limit(100, Duration.ofMinutes(1))));
    }

    /** The same limits over periods {@code factor} times as long, e.g. 0.1 for tests that cannot wait a minute. */
    public RateLimits scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("factor must be positive, got " + factor);
        }
        return new RateLimits(limits.stream()
                .map(limit -> new Limit(limit.calls(),
                        Duration.ofNanos(Math.max(1, Math.round(limit.per().toNanos() * factor)))))
                .toList());
    }

    public boolean isNone() {
        return limits.isEmpty();
    }

    @Override
    public String toString() {
        return isNone() ? "none" : limits.stream().map(Limit::toString).collect(Collectors.joining(", "));
    }
}
