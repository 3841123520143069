package io.jstpipeline.bench;

import java.time.Duration;

/** Rows written and the time they took. */
record Throughput(long rows, Duration took) {

    double rowsPerSecond() {
        return took.isZero() ? 0 : rows / (took.toNanos() / 1e9);
    }

    static Throughput since(long rows, long startNanos) {
        return new Throughput(rows, Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
