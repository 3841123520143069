package io.jstpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputTest {

    @Test
    void pooledSamplesAreAllTheirRowsOverAllTheirTimeNotAMeanOfRates() {
        Throughput fast = new Throughput(1_000, Duration.ofSeconds(1));
        Throughput slow = new Throughput(1_000, Duration.ofSeconds(3));

        Throughput pooled = Throughput.pooled(List.of(fast, slow));

        assertThat(pooled.rows()).isEqualTo(2_000);
        assertThat(pooled.rowsPerSecond()).isEqualTo(500.0);
    }
}
