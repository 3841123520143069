package io.jstpipeline.extractor.qimen;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The call rates an API allows one merchant, every one of which must hold at once: at most {@code calls}
 * calls started within any {@code per}.
 */
public record CallLimits(List<CallLimit> limits) {

    /** At most {@code calls} calls started within any period of length {@code per}. */
    public record CallLimit(int calls, Duration per) {

        public CallLimit {
            Objects.requireNonNull(per, "per");
            if (calls < 1) {
                throw new IllegalArgumentException("a call limit must allow at least 1 call, got " + calls);
            }
            if (per.isZero() || per.isNegative()) {
                throw new IllegalArgumentException("a call limit's period must be positive, got " + per);
            }
        }

        @Override
        public String toString() {
            return calls + " per " + per;
        }
    }

    /** The pause after a refusal over a limit when no limit is known here. */
    private static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);

    public CallLimits {
        limits = List.copyOf(Objects.requireNonNull(limits, "limits"));
    }

    /** Jushuitan's per-merchant limits: over them calls are refused with code 199 (per second) or 200 (per minute). */
    public static CallLimits jushuitan() {
        return new CallLimits(List.of(new CallLimit(5, Duration.ofSeconds(1)), new CallLimit(100, Duration.ofMinutes(1))));
    }

    /**
     * How long the merchant's calls pause after the gateway refused one over a limit: over the per-second limit
     * (code 199) the shortest period; over a longer one (200, or the gateway's 7 and 8) a quarter of the longest,
     * long enough for another client's burst to pass without idling a whole minute. A second refusal pauses again.
     */
    public Duration pauseAfterRefusal(boolean overSecondLimit) {
        if (limits.isEmpty()) {
            return DEFAULT_PAUSE;
        }
        return overSecondLimit ? limits.stream().map(CallLimit::per).min(Duration::compareTo).orElseThrow()
                : limits.stream().map(CallLimit::per).max(Duration::compareTo).orElseThrow().dividedBy(4);
    }

    /** How many calls a minute allows, or null when no limit is per minute: the budget an operator watches. */
    public Integer callsPerMinute() {
        return limits.stream().filter(limit -> limit.per().equals(Duration.ofMinutes(1))).map(CallLimit::calls)
                .findFirst().orElse(null);
    }

    /** No limit at all. */
    public static CallLimits none() {
        return new CallLimits(List.of());
    }

    /** The same numbers of calls over every period multiplied by {@code factor}: 0.1 makes them ten times faster. */
    public CallLimits scaled(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("scale factor must be positive and finite, got " + factor);
        }
        return new CallLimits(limits.stream()
                .map(limit -> new CallLimit(limit.calls(), scale(limit.per(), factor)))
                .toList());
    }

    private static Duration scale(Duration per, double factor) {
        long nanos = Math.round(per.toNanos() * factor);
        if (nanos < 1) {
            throw new IllegalArgumentException("scaling " + per + " by " + factor + " leaves no period");
        }
        return Duration.ofNanos(nanos);
    }
}
