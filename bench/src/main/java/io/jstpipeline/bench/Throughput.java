package io.jstpipeline.bench;

import java.time.Duration;
import java.util.List;

/** Rows written and the time they took. */
record Throughput(long rows, Duration took) {

    double rowsPerSecond() {
        return took.isZero() ? 0 : rows / (took.toNanos() / 1e9);
    }

    static Throughput since(long rows, long startNanos) {
        return new Throughput(rows, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** Several samples of the same work as one: all their rows over all their time, not a mean of rates. */
    static Throughput pooled(List<Throughput> samples) {
        return new Throughput(samples.stream().mapToLong(Throughput::rows).sum(),
                samples.stream().map(Throughput::took).reduce(Duration.ZERO, Duration::plus));
    }
}
