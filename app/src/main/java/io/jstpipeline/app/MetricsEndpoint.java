package io.jstpipeline.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jstpipeline.common.DaemonThreads;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service shows its operators over HTTP: {@code /metrics} (Prometheus text), {@code /health} (200 while
 * the process answers) and {@code /ready} (200 while the service's own readiness check passes, else 503 with the
 * reason it gives).
 *
 * <p>The services record into Micrometer's {@link Metrics#globalRegistry}; this endpoint adds its Prometheus
 * registry there, so meters created before it started show too (the global registry hands them on), and
 * removes it again when closed.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    /** Where the endpoint listens unless told otherwise: this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    private static final String TEXT = "text/plain; charset=utf-8";
    /** The Prometheus text exposition format that {@link PrometheusMeterRegistry#scrape()} writes. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Readiness ready;

    /** A service's readiness check. */
    @FunctionalInterface
    public interface Readiness {

        /** Empty while the service is ready for work; else why it is not, in one line. */
        Optional<String> notReadyBecause();

        /** Ready while {@code ready} says so; else not, because of {@code otherwise}. */
        static Readiness when(BooleanSupplier ready, String otherwise) {
            return () -> ready.getAsBoolean() ? Optional.empty() : Optional.of(otherwise);
        }
    }

    private MetricsEndpoint(InetSocketAddress address, Readiness ready) throws IOException {
        this.ready = Objects.requireNonNull(ready, "ready");
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.server = HttpServer.create(address, 0);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape()));
        server.createContext("/health", exchange -> respond(exchange, 200, TEXT, "UP\n"));
        server.createContext("/ready", exchange -> {
            Optional<String> notReady = notReadyBecause();
            respond(exchange, notReady.isEmpty() ? 200 : 503, TEXT,
                    notReady.map(reason -> "NOT READY: " + reason + "\n").orElse("READY\n"));
        });
        this.executor = Executors.newSingleThreadExecutor(DaemonThreads.named("jst-metrics-http"));
        server.setExecutor(executor);
    }

    /** Serves on {@code port} of the {@link #DEFAULT_HOST loopback address}: see {@link #start(String, int, Readiness)}. */
    public static MetricsEndpoint start(int port, Readiness ready) {
        return start(DEFAULT_HOST, port, ready);
    }

    /**
     * Serves on {@code port} (0: any free port, see {@link #port()}) of the address {@code host} names;
     * {@code 0.0.0.0} is every interface, which a container needs for its port to be reached from outside it.
     *
     * @param ready whether the service is ready for work; a check that throws counts as not ready
     * @throws UncheckedIOException when the host does not resolve or the port cannot be bound, e.g. it is in use
     */
    public static MetricsEndpoint start(String host, int port, Readiness ready) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("metrics port must be in [0, 65535], got " + port);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ": no such host",
                    new UnknownHostException("no such host " + host));
        }
        MetricsEndpoint endpoint;
        try {
            endpoint = new MetricsEndpoint(address, ready);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + " port " + port + ": "
                    + e.getMessage(), e);
        }
        Metrics.addRegistry(endpoint.registry);
        endpoint.server.start();
        LOG.info("Metrics on {}{}, health on /health and /ready", endpoint.url(),
                endpoint.address().getAddress().isAnyLocalAddress() ? " (every interface)" : "");
        return endpoint;
    }

    /** The port it serves on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address it is bound to. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The scrape URL on the bound address, e.g. {@code http://127.0.0.1:9404/metrics}. */
    public String url() {
        InetAddress bound = address().getAddress();
        // A dual-stack JVM reports the wildcard as ::, whichever of the two was asked for.
        String ip = bound.isAnyLocalAddress() ? "0.0.0.0" : bound.getHostAddress();
        return "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port() + "/metrics";
    }

    /** The registry {@code /metrics} shows. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private Optional<String> notReadyBecause() {
        try {
            return ready.notReadyBecause();
        } catch (RuntimeException e) {
            LOG.debug("readiness check failed", e);
            return Optional.of("the readiness check failed: " + e.getMessage());
        }
    }

    /** Answers with {@code body}; a HEAD request with the headers alone. */
    static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        Metrics.removeRegistry(registry);
        gcMetrics.close();
        registry.close();
    }
}
