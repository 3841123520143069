package io.jstpipeline.extractor;

import io.jstpipeline.common.qimen.QimenTime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The extractor's meters, in Micrometer's global registry (a {@code MetricsEndpoint} shows them as
 * Prometheus names: {@code jst.api.calls} becomes {@code jst_api_calls_total}). The names are a contract
 * with monitoring/alerts.yml.
 */
final class ExtractorMetrics {

    /** Outcomes of {@code jst_api_calls_total}. */
    static final String OK = "ok";
    static final String API_ERROR = "api_error";
    static final String HTTP_ERROR = "http_error";
    static final String IO_ERROR = "io_error";

    /** China time of each flow's committed cursor; one gauge per flow, however many runners a process has. */
    private static final Map<String, AtomicReference<LocalDateTime>> CURSORS = new ConcurrentHashMap<>();

    static final Timer RATE_LIMIT_WAIT = Timer.builder("jst.api.rate.limit.wait")
            .description("Time Qimen calls waited for the merchant's call limits")
            .register(Metrics.globalRegistry);

    private ExtractorMetrics() {
    }

    /** One attempt at a Qimen call ended with {@code outcome}. */
    static void apiCall(String method, String outcome) {
        Metrics.counter("jst.api.calls", "method", method, "outcome", outcome).increment();
    }

    /** The outcome label of a failed attempt. */
    static String outcomeOf(QimenApiException failure) {
        String code = failure.code();
        if (QimenApiException.IO_ERROR.equals(code)) {
            return IO_ERROR;
        }
        return code.startsWith(QimenApiException.HTTP_ERROR_PREFIX) ? HTTP_ERROR : API_ERROR;
    }

    /** Attempts of {@code method} repeated after a failure or a refusal of the open breaker. */
    static Counter apiRetries(String method) {
        return Metrics.counter("jst.api.retries", "method", method);
    }

    /** Pages read, documents committed and window re-reads of one flow. */
    record FlowCounters(Counter pages, Counter documents, Counter windowRereads) {

        static FlowCounters of(String flow) {
            return new FlowCounters(Metrics.counter("jst.extractor.pages", "flow", flow),
                    Metrics.counter("jst.extractor.documents", "flow", flow),
                    Metrics.counter("jst.extractor.window.rereads", "flow", flow));
        }
    }

    /**
     * The flow's own cursor now covers everything modified before {@code completedUntil}; the flow's
     * {@code jst_extractor_cursor_lag_seconds} is China time now minus that.
     */
    static void cursorCommitted(String flow, LocalDateTime completedUntil) {
        CURSORS.computeIfAbsent(flow, f -> cursorGauge(f, completedUntil)).set(completedUntil);
    }

    private static AtomicReference<LocalDateTime> cursorGauge(String flow, LocalDateTime completedUntil) {
        AtomicReference<LocalDateTime> cursor = new AtomicReference<>(completedUntil);
        Gauge.builder("jst.extractor.cursor.lag", cursor, c -> Duration.between(c.get(), QimenTime.now()).toMillis() / 1000.0)
                .description("China time now minus the flow's committed cursor")
                .baseUnit("seconds")
                .tag("flow", flow)
                .strongReference(true)
                .register(Metrics.globalRegistry);
        return cursor;
    }
}
