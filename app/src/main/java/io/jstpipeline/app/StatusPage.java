package io.jstpipeline.app;

import com.sun.net.httpserver.HttpServer;
import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.Json;
import io.jstpipeline.ops.PipelineStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code status --serve}: {@code /} is one page that draws the pipeline stage by stage from {@code /status.json},
 * which is what {@code status --json} prints, read again every refresh. The page brings everything it needs (no
 * assets from elsewhere), so it works where the operator's browser reaches nothing but this address.
 */
final class StatusPage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    static final String DEFAULT_HOST = MetricsEndpoint.DEFAULT_HOST;
    static final int DEFAULT_PORT = 9405;
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";

    private final HttpServer server;
    private final ScheduledExecutorService reader;
    /** The last status read, or why it could not be read, as JSON. */
    private volatile String latest;
    private volatile int latestCode = 503;

    private StatusPage(HttpServer server, Duration refresh, Callable<PipelineStatus> read) {
        this.server = server;
        this.latest = problem("not read yet");
        String page = page(refresh);
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                MetricsEndpoint.respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            MetricsEndpoint.respond(exchange, 200, HTML, page);
        });
        server.createContext("/status.json", exchange -> MetricsEndpoint.respond(exchange, latestCode, JSON, latest));
        server.setExecutor(Executors.newSingleThreadExecutor(DaemonThreads.named("jst-status-http")));
        this.reader = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("jst-status-read"));
        // A read starts every refresh (right after the last one when that took longer): a part that went down
        // shows within one refresh and one read.
        reader.scheduleAtFixedRate(() -> readOnce(read), 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Serves on {@code port} (0: any free one) of the address {@code host} names, reading the status with
     * {@code read} every {@code refresh}.
     *
     * @throws UncheckedIOException when the port cannot be bound, e.g. it is in use
     */
    static StatusPage start(String host, int port, Duration refresh, Callable<PipelineStatus> read) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
        }
        if (refresh.isNegative() || refresh.toMillis() < 1000) {
            throw new IllegalArgumentException("--refresh must be at least PT1S, got " + refresh);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the status page on " + host + " port " + port + ": "
                    + e.getMessage(), e);
        }
        StatusPage page = new StatusPage(server, refresh, read);
        server.start();
        return page;
    }

    /** The page's URL on the bound address, e.g. {@code http://127.0.0.1:9405/}. */
    String url() {
        InetSocketAddress bound = server.getAddress();
        String ip = bound.getAddress().isAnyLocalAddress() ? "0.0.0.0" : bound.getAddress().getHostAddress();
        return "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + bound.getPort() + "/";
    }

    /** The page, told how often to fetch {@code /status.json}. */
    static String page(Duration refresh) {
        try (InputStream in = StatusPage.class.getResourceAsStream("status-page.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("__REFRESH_MS__", Long.toString(refresh.toMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status page from the jar", e);
        }
    }

    private void readOnce(Callable<PipelineStatus> read) {
        try {
            latest = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(read.call());
            latestCode = 200;
        } catch (Exception e) {
            // The page says the status cannot be read (e.g. Kafka is down) rather than showing old figures.
            LOG.warn("Cannot read the pipeline's status: {}", e.toString());
            latest = problem(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
            latestCode = 503;
        }
    }

    private static String problem(String error) {
        try {
            return Json.MAPPER.writeValueAsString(Map.of("at", Instant.now(), "error", error));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
        server.stop(0);
    }
}
