package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void readyAnswers503WithTheReasonUntilTheServiceSaysItIsReadyWhileHealthIsAlways200() throws Exception {
        AtomicReference<String> notReady = new AtomicReference<>("the Streams application is REBALANCING");
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, () -> Optional.ofNullable(notReady.get()))) {
            HttpResponse<String> rebalancing = get(endpoint, "/ready");
            assertThat(rebalancing.statusCode()).isEqualTo(503);
            assertThat(rebalancing.body()).isEqualTo("NOT READY: the Streams application is REBALANCING\n");
            assertThat(get(endpoint, "/health").statusCode()).isEqualTo(200);
            notReady.set(null);
            assertThat(get(endpoint, "/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aReadinessCheckThatThrowsIsNotReady() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, () -> {
            throw new IllegalStateException("not started");
        })) {
            assertThat(get(endpoint, "/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void metricsShowMetersCreatedBeforeTheEndpointStartedAndJvmMeters() throws Exception {
        Counter early = Metrics.counter("jst.test.early", "flow", "saleout");
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(0, Optional::empty)) {
            early.increment(3);
            Metrics.counter("jst.test.late").increment();
            HttpResponse<String> metrics = get(endpoint, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(metrics.body())
                    .contains("jst_test_early_total{flow=\"saleout\"} 3.0")
                    .contains("jst_test_late_total 1.0")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_uptime_seconds");
        }
    }

    @Test
    void aClosedEndpointLeavesTheGlobalRegistrySoASecondOneStartsClean() {
        MetricsEndpoint first = MetricsEndpoint.start(0, Optional::empty);
        first.close();
        assertThat(Metrics.globalRegistry.getRegistries()).doesNotContain(first.registry());
        try (MetricsEndpoint second = MetricsEndpoint.start(0, Optional::empty)) {
            assertThat(Metrics.globalRegistry.getRegistries()).contains(second.registry());
        }
    }

    @Test
    void byDefaultItListensOnTheLoopbackAddressOnlyAndTheLogSaysSo() {
        try (CapturedLogs logs = new CapturedLogs();
             MetricsEndpoint endpoint = MetricsEndpoint.start(0, Optional::empty)) {
            assertThat(endpoint.address().getAddress().isLoopbackAddress()).as("bound to %s", endpoint.address())
                    .isTrue();
            assertThat(logs.text()).contains("Metrics on http://127.0.0.1:" + endpoint.port() + "/metrics");
        }
    }

    @Test
    void theWildcardAddressIsTakenOnlyWhenAskedForAndTheLogSaysEveryInterface() {
        try (CapturedLogs logs = new CapturedLogs();
             MetricsEndpoint endpoint = MetricsEndpoint.start("0.0.0.0", 0, Optional::empty)) {
            assertThat(endpoint.address().getAddress().isAnyLocalAddress()).as("bound to %s", endpoint.address())
                    .isTrue();
            assertThat(logs.text()).contains("Metrics on http://0.0.0.0:" + endpoint.port() + "/metrics (every "
                    + "interface)");
        }
    }

    @Test
    void aHostThatDoesNotResolveIsRefusedNamingIt() {
        assertThatThrownBy(() -> MetricsEndpoint.start("no-such-host.invalid", 0, Optional::empty))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void aPortInUseIsRefusedNamingThePort() {
        try (MetricsEndpoint taken = MetricsEndpoint.start(0, Optional::empty)) {
            assertThatThrownBy(() -> MetricsEndpoint.start(taken.port(), Optional::empty))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("port " + taken.port());
        }
    }

    private static HttpResponse<String> get(MetricsEndpoint endpoint, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
