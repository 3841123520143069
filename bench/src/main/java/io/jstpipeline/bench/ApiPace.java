package io.jstpipeline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The arithmetic of {@code bench --api-pace}: calls per whole minute, the documents' physical limit, freshness. */
final class ApiPace {

    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

    private ApiPace() {
    }

    /** The gateway's count of calls, read at {@code nanos} (a monotonic clock). */
    record Sample(long nanos, long calls) {
    }

    /**
     * The time of the last sample before the count first grew past its first sample's: the first call came after
     * it, within one sampling period, so that the first whole minute counted from there holds it.
     */
    static long beforeFirstCall(List<Sample> samples) {
        long base = samples.get(0).calls();
        long before = samples.get(0).nanos();
        for (Sample sample : samples) {
            if (sample.calls() > base) {
                return before;
            }
            before = sample.nanos();
        }
        throw new IllegalArgumentException("no call among " + samples.size() + " samples");
    }

    /**
     * The calls made in each whole minute from {@code from} up to {@code to}; the last, partial minute is left out,
     * as it is not a minute of the budget.
     */
    static List<Long> callsPerWholeMinute(List<Sample> samples, long from, long to) {
        List<Long> minutes = new ArrayList<>();
        for (long start = from; start + MINUTE_NANOS <= to; start += MINUTE_NANOS) {
            minutes.add(callsAt(samples, start + MINUTE_NANOS) - callsAt(samples, start));
        }
        return minutes;
    }

    /** The count as the last sample at or before {@code nanos} read it. */
    static long callsAt(List<Sample> samples, long nanos) {
        long calls = samples.get(0).calls();
        for (Sample sample : samples) {
            if (sample.nanos() > nanos) {
                break;
            }
            calls = sample.calls();
        }
        return calls;
    }

    static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }

    /**
     * The most documents a minute that {@code budget} calls can bring when each flow keeps its share of the calls
     * ({@code pagesByFlow}) and every page is full ({@code pageSizeByFlow}): page size × budget for one flow alone.
     */
    static double physicalLimitPerMinute(Map<String, Long> pagesByFlow, Map<String, Integer> pageSizeByFlow,
                                         int budget) {
        long pages = pagesByFlow.values().stream().mapToLong(Long::longValue).sum();
        double documentsPerPage = pagesByFlow.entrySet().stream()
                .mapToDouble(flow -> (double) flow.getValue() * pageSizeByFlow.get(flow.getKey())).sum() / pages;
        return budget * documentsPerPage;
    }

    /** p50, p95 and the longest of the documents' freshness, in milliseconds. */
    record Freshness(int documents, double p50Millis, double p95Millis, double maxMillis) {

        static Freshness of(List<Long> millis) {
            double[] sorted = millis.stream().mapToDouble(Long::doubleValue).sorted().toArray();
            return new Freshness(sorted.length, PipelineRun.percentile(sorted, 50), PipelineRun.percentile(sorted, 95),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
        }
    }
}
