package io.jstpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiPaceTest {

    private static final long SECOND = 1_000_000_000L;

    /** A count sampled every second for {@code seconds}, growing by {@code perSecond(second)}. */
    private static List<ApiPace.Sample> sampled(int seconds, java.util.function.IntUnaryOperator perSecond) {
        List<ApiPace.Sample> samples = new ArrayList<>();
        long calls = 0;
        for (int second = 0; second <= seconds; second++) {
            calls += perSecond.applyAsInt(second);
            samples.add(new ApiPace.Sample(second * SECOND, calls));
        }
        return samples;
    }

    @Test
    void theFirstCallFallsInTheFirstMinuteCountedFromTheSampleBeforeIt() {
        // Idle for 10 s, then 100 calls in the first 20 s of each minute (the limiter's bursts).
        List<ApiPace.Sample> samples = sampled(200, s -> s > 10 && (s - 11) % 60 < 20 ? 5 : 0);

        long from = ApiPace.beforeFirstCall(samples);

        assertThat(from).isEqualTo(10 * SECOND);
        assertThat(ApiPace.callsPerWholeMinute(samples, from, 200 * SECOND)).containsExactly(100L, 100L, 100L);
    }

    @Test
    void theLastPartialMinuteIsLeftOut() {
        List<ApiPace.Sample> samples = sampled(150, s -> s > 0 ? 1 : 0);

        List<Long> minutes = ApiPace.callsPerWholeMinute(samples, 0, 150 * SECOND);

        assertThat(minutes).containsExactly(60L, 60L);
        assertThat(ApiPace.mean(minutes)).isEqualTo(60.0);
    }

    @Test
    void theCountAtATimeIsTheLastSampleAtOrBeforeIt() {
        List<ApiPace.Sample> samples = List.of(new ApiPace.Sample(0, 3), new ApiPace.Sample(10, 7),
                new ApiPace.Sample(20, 9));

        assertThat(ApiPace.callsAt(samples, 9)).isEqualTo(3);
        assertThat(ApiPace.callsAt(samples, 10)).isEqualTo(7);
        assertThat(ApiPace.callsAt(samples, 99)).isEqualTo(9);
    }

    @Test
    void thePhysicalLimitWeighsEachFlowsPageSizeByItsShareOfThePages() {
        // Notes (50 a page) took a quarter of the pages, orders (100 a page) the rest.
        double limit = ApiPace.physicalLimitPerMinute(Map.of("saleout", 100L, "order", 300L),
                Map.of("saleout", 50, "order", 100), 100);

        assertThat(limit).isEqualTo(100 * (0.25 * 50 + 0.75 * 100));
        assertThat(ApiPace.physicalLimitPerMinute(Map.of("saleout", 7L), Map.of("saleout", 50), 100))
                .isEqualTo(5_000.0);
    }

    @Test
    void freshnessIsThePercentilesAndTheLongestOfTheDocuments() {
        List<Long> millis = new ArrayList<>();
        for (long i = 100; i >= 1; i--) {
            millis.add(i * 1000);
        }

        ApiPace.Freshness freshness = ApiPace.Freshness.of(millis);

        assertThat(freshness.documents()).isEqualTo(100);
        assertThat(freshness.p50Millis()).isEqualTo(50_000.0);
        assertThat(freshness.p95Millis()).isEqualTo(95_000.0);
        assertThat(freshness.maxMillis()).isEqualTo(100_000.0);
    }
}
