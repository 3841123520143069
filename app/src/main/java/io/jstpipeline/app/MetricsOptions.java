package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.ops.PipelineGauges;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine.Option;

/** The services' metrics and health endpoint, as a mixin of the long-running commands. */
public final class MetricsOptions implements ConfigOptions.Source {

    static final String PORT_ENV = "JST_METRICS_PORT";
    static final String HOST_ENV = "JST_METRICS_HOST";
    static final int DEFAULT_PORT = 9404;

    @Option(names = "--metrics-port", description = "Serve /metrics (Prometheus), /health and /ready on this port; "
            + "0 = off. Overrides metrics.port (env " + PORT_ENV + "; default " + DEFAULT_PORT + ").")
    Integer metricsPort;

    @Option(names = "--metrics-host", description = "The address to serve them on; 0.0.0.0 = every interface. "
            + "Overrides metrics.host (env " + HOST_ENV + "; default " + MetricsEndpoint.DEFAULT_HOST + ", this "
            + "machine only).")
    String metricsHost;

    private final Map<String, String> environment;

    /** Made by the command line's factory ({@link JstPipeline}), which hands it the environment. */
    MetricsOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    /** For the commands that read the configuration: --metrics-port and --metrics-host override metrics.*. */
    @Override
    public void addTo(ConfigOptions.Overrides overrides) {
        overrides.put("metrics.port", metricsPort, "--metrics-port")
                .put("metrics.host", metricsHost, "--metrics-host");
    }

    /** For the demo, which reads no configuration: the option, else the environment, else the loopback address. */
    public String host() {
        if (metricsHost != null) {
            return metricsHost;
        }
        String env = environment.get(HOST_ENV);
        return env == null || env.isBlank() ? MetricsEndpoint.DEFAULT_HOST : env.strip();
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

    /** Starts the endpoint on metrics.host and metrics.port: see {@link #start(String, int, MetricsEndpoint.Readiness)}. */
    public static MetricsEndpoint start(PipelineConfig config, MetricsEndpoint.Readiness ready) {
        return start(config.metricsHost(), config.metricsPort(), ready);
    }

    /**
     * Starts the endpoint on {@code host} and {@code port} with the command's readiness check; null (nothing to
     * close) when the port is 0.
     *
     * @throws IllegalArgumentException when the host does not resolve, or the port is out of range or cannot be
     *                                  served, e.g. it is in use
     */
    public static MetricsEndpoint start(String host, int port, MetricsEndpoint.Readiness ready) {
        if (port == 0) {
            return null;
        }
        try {
            return MetricsEndpoint.start(host, port, ready);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("metrics.host " + host + ", metrics.port " + port + ": "
                    + e.getCause().getMessage(), e);
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

}
