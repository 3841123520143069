package io.jstpipeline.extractor.flow;

import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.publish.ParkedDocument;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The flows' meters, in Micrometer's global registry (a {@code MetricsEndpoint} shows them as Prometheus
 * names: {@code jst.extractor.pages} becomes {@code jst_extractor_pages_total}). The names are a contract
 * with monitoring/alerts.yml. The meters of Qimen calls are {@code qimen.QimenMetrics}.
 */
final class ExtractorMetrics {

    /** China time of each flow's committed cursor; one gauge per flow, however many runners a process has. */
    private static final Map<String, AtomicReference<LocalDateTime>> CURSORS = new ConcurrentHashMap<>();
    /** Unsettled windows in each flow's own cursor. */
    private static final Map<String, AtomicInteger> UNSETTLED = new ConcurrentHashMap<>();
    /** 1 while a flow is stopped for good, else 0. */
    private static final Map<String, AtomicInteger> STOPPED = new ConcurrentHashMap<>();

    private ExtractorMetrics() {
    }

    /**
     * Pages read, documents committed, window re-reads and documents found stamped ahead of the gateway's clock
     * ({@code jst_extractor_documents_ahead_total}) of one flow.
     */
    record FlowCounters(Counter pages, Counter documents, Counter windowRereads, Counter documentsAhead) {

        static FlowCounters of(String flow) {
            return new FlowCounters(Metrics.counter("jst.extractor.pages", "flow", flow),
                    Metrics.counter("jst.extractor.documents", "flow", flow),
                    Metrics.counter("jst.extractor.window.rereads", "flow", flow),
                    Metrics.counter("jst.extractor.documents.ahead", "flow", flow));
        }
    }

    /**
     * Documents of the flow parked in {@code jst.dlq.extract} for {@code reason}:
     * {@code jst_extractor_documents_parked_total}.
     */
    static Counter documentsParked(String flow, ParkedDocument.Reason reason) {
        return Metrics.counter("jst.extractor.documents.parked", "flow", flow, "reason", reason.tag());
    }

    /**
     * The flow's own cursor now covers everything modified before {@code completedUntil}; the flow's
     * {@code jst_extractor_cursor_lag_seconds} is China time now minus that.
     */
    static void cursorCommitted(String flow, LocalDateTime completedUntil) {
        // An unsettled window read again commits behind the cursor: the lag stays where the cursor is.
        CURSORS.computeIfAbsent(flow, f -> cursorGauge(f, completedUntil))
                .accumulateAndGet(completedUntil, (at, committed) -> committed.isAfter(at) ? committed : at);
    }

    /**
     * The windows the flow's own cursor keeps as unsettled (pages still drifting after the last re-read, read
     * again each run): {@code jst_extractor_unsettled_windows}.
     */
    static void unsettledWindows(String flow, int windows) {
        UNSETTLED.computeIfAbsent(flow, f -> flowGauge("jst.extractor.unsettled.windows",
                "windows the flow's cursor keeps to read again until their pages hold still", f)).set(windows);
    }

    /**
     * Whether the flow's last run was refused in a way no retry mends ({@code FlowRunner.stoppedForGood}):
     * {@code jst_extractor_flow_stopped} 1, else 0.
     */
    static void flowStopped(String flow, boolean stopped) {
        STOPPED.computeIfAbsent(flow, f -> flowGauge("jst.extractor.flow.stopped",
                "1 while the gateway refuses the flow for good (credentials, grants, parameters), else 0", f))
                .set(stopped ? 1 : 0);
    }

    private static AtomicInteger flowGauge(String name, String description, String flow) {
        AtomicInteger value = new AtomicInteger();
        Gauge.builder(name, value, AtomicInteger::get)
                .description(description)
                .tag("flow", flow)
                .strongReference(true)
                .register(Metrics.globalRegistry);
        return value;
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
