package io.jstpipeline.app;

import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.ops.PipelineGauges;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine.Option;

/** The services' metrics and health endpoint, as a mixin of the long-running commands. */
public final class MetricsOptions implements ConfigOptions.Source {

    static final String PORT_ENV = "JST_METRICS_PORT";
    static final int DEFAULT_PORT = 9404;

    @Option(names = "--metrics-port", description = "Serve /metrics (Prometheus), /health and /ready on this port; "
            + "0 = off. Overrides metrics.port (env " + PORT_ENV + "; default " + DEFAULT_PORT + ").")
    Integer metricsPort;

    private final Map<String, String> environment;

    /** Made by the command line's factory ({@link JstPipeline}), which hands it the environment. */
    MetricsOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    /** For the commands that read the configuration: --metrics-port overrides metrics.port. */
    @Override
    public void addTo(ConfigOptions.Overrides overrides) {
        overrides.put("metrics.port", metricsPort, "--metrics-port");
    }

    /** For the demo, which reads no configuration: the option, else the environment, else the default. */
    public int port() {
        if (metricsPort != null) {
            return metricsPort;
        }
        String env = environment.get(PORT_ENV);
        try {
            return env == null || env.isBlank() ? DEFAULT_PORT : Integer.parseInt(env.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT_ENV + " must be a port number, got \"" + env + "\"");
        }
    }

    /**
     * Starts the endpoint on {@code port} with the command's readiness check; null (nothing to close) when the
     * port is 0.
     *
     * @throws IllegalArgumentException when the port is out of range or cannot be served, e.g. it is in use
     */
    public static MetricsEndpoint start(int port, MetricsEndpoint.Readiness ready) {
        if (port == 0) {
            return null;
        }
        try {
            return MetricsEndpoint.start(port, ready);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("metrics.port " + port + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * The pipeline's gauges (dead letters, consumer lag; connector tasks when {@code connectRest} is given),
     * refreshed on a schedule; null when metrics are off ({@code endpoint} null).
     */
    public static PipelineGauges gauges(MetricsEndpoint endpoint, KafkaConnection kafka, ConnectRestClient connectRest) {
        return endpoint == null ? null
                : new PipelineGauges(kafka, connectRest).start(PipelineGauges.DEFAULT_EVERY);
    }

    /** The scrape address of a started endpoint, for printing. */
    public static String url(MetricsEndpoint endpoint) {
        return "http://localhost:" + endpoint.port() + "/metrics";
    }
}
