package io.jstpipeline.extractor.qimen;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QimenMetricsTest {

    private static final String METHOD = "jushuitan.saleout.list.query";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void record() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void stopRecording() {
        Metrics.removeRegistry(registry);
        registry.close();
    }

    @Test
    void everyRepeatedAttemptIsARetryOfItsMethodAndEachCallWaitsForTheLimiter() throws InterruptedException {
        QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults()
                .withLimits(CallLimits.none()).withMaxAttempts(4)
                .withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).withBreaker(100, 50, Duration.ofMinutes(1)));
        AtomicInteger attempts = new AtomicInteger();

        policy.call(METHOD, METHOD + " page 1", () -> {
            if (attempts.incrementAndGet() <= 2) {
                throw QimenApiException.refused(METHOD + " page 1", "15", null, "remote service error");
            }
            return "page";
        });
        policy.call("jushuitan.order.list.query", "order page 1", () -> "page");

        assertThat(registry.get("jst.api.retries").tag("method", METHOD).counter().count()).isEqualTo(2);
        assertThat(registry.get("jst.api.retries").tag("method", "jushuitan.order.list.query").counter().count())
                .isZero();
        assertThat(registry.get("jst.api.rate.limit.wait").timer().count()).isEqualTo(4);
    }

    @Test
    void aRefusalOverTheCallLimitsIsCountedAsSuchAndNotAsARetry() throws InterruptedException {
        QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(CallLimits.none()));
        AtomicInteger attempts = new AtomicInteger();

        policy.call(METHOD, METHOD + " page 1", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw QimenApiException.refused(METHOD + " page 1", "199", null, "more than 5 calls per second");
            }
            return "page";
        });

        assertThat(registry.get("jst.api.call.limit.refusals").tag("method", METHOD).counter().count()).isEqualTo(1);
        assertThat(registry.get("jst.api.retries").tag("method", METHOD).counter().count()).isZero();
    }

    @Test
    void aMethodsFirstCallShowsItsFaultsAndRefusalsAtZero() {
        String method = "jushuitan.first.call.query";
        QimenMetrics.apiCall(method, QimenMetrics.OK);

        for (String fault : List.of("api_error", "http_error", "io_error")) {
            assertThat(registry.get("jst.api.calls").tag("method", method).tag("outcome", fault).counter().count())
                    .as(fault).isZero();
        }
        assertThat(registry.get("jst.api.calls").tag("method", method).tag("outcome", "ok").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("jst.api.call.limit.refusals").tag("method", method).counter().count()).isZero();
    }

    @Test
    void failuresAreCountedByKind() {
        assertThat(QimenMetrics.outcomeOf(QimenApiException.ioError("c", new java.io.IOException("reset"))))
                .isEqualTo("io_error");
        assertThat(QimenMetrics.outcomeOf(QimenApiException.httpError("c", 503, "unavailable")))
                .isEqualTo("http_error");
        assertThat(QimenMetrics.outcomeOf(QimenApiException.refused("c", "25", null, "invalid signature")))
                .isEqualTo("api_error");
        assertThat(QimenMetrics.outcomeOf(QimenApiException.malformed("c", "not JSON", null)))
                .isEqualTo("api_error");
    }
}
