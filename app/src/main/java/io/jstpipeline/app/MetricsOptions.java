package io.jstpipeline.app;

import io.jstpipeline.common.metrics.MetricsEndpoint;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.local.PipelineGauges;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Option;

/** The services' metrics and health endpoint, as a mixin of the long-running commands. */
final class MetricsOptions {

    @Option(names = "--metrics-port", defaultValue = "${env:JST_METRICS_PORT:-9404}",
            description = "Serve /metrics (Prometheus), /health and /ready on this port; 0 = off "
                    + "(env JST_METRICS_PORT). Default: 9404.")
    int metricsPort;

    boolean enabled() {
        return metricsPort != 0;
    }

    /**
     * Starts the endpoint with the command's readiness check; null (nothing to close) when switched off.
     *
     * @throws IllegalArgumentException when the port is out of range or cannot be served, e.g. it is in use
     */
    MetricsEndpoint start(BooleanSupplier ready) {
        if (!enabled()) {
            return null;
        }
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw new IllegalArgumentException("--metrics-port must be in [0, 65535], got " + metricsPort);
        }
        try {
            return MetricsEndpoint.start(metricsPort, ready);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("--metrics-port " + metricsPort + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * The pipeline's gauges (dead letters, consumer lag; connector tasks when {@code connectRest} is given),
     * refreshed on a schedule; null when metrics are off.
     */
    PipelineGauges gauges(String bootstrapServers, ConnectRestClient connectRest) {
        return enabled() ? new PipelineGauges(bootstrapServers, connectRest).start(PipelineGauges.DEFAULT_EVERY) : null;
    }

    /** The scrape address of a started endpoint, for printing. */
    static String url(MetricsEndpoint endpoint) {
        return "http://localhost:" + endpoint.port() + "/metrics";
    }
}
