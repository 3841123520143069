package io.jstpipeline.ops;

import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.mapping.Mappings;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles each flow on a schedule beside the extractor: the API against MySQL over the last
 * {@code span}, up to the pipeline's usual delay. Differences are logged loudly and kept for operators; the
 * extractor is not touched, so a reconcile that fails costs nothing but its report.
 */
public final class ReconcileSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileSchedule.class);
    /** Rows still on their way through the pipeline are not differences yet. */
    private static final Duration SETTLED = Duration.ofMinutes(10);

    /** The last reconcile of one flow: when, and how many ids were missing or extra. */
    public record LastRun(LocalDateTime at, long missing, long extra, String error) {
    }

    /** jst_reconcile_missing_rows / _extra_rows per table: one gauge each, whichever schedule set it last. */
    private static final Map<String, AtomicLong> MISSING_ROWS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> EXTRA_ROWS = new ConcurrentHashMap<>();

    private final List<Reconciliation> flows;
    private final Map<String, LastRun> lastRuns = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("jst-reconcile"));

    /**
     * @param policy the merchant's calls: beside an extractor of the same app key, a policy made for that app key
     *               ({@link QimenCallPolicy#QimenCallPolicy(QimenCallPolicy.Settings, String)}), whose limiter the
     *               extractor's shares; a limiter of its own would double the merchant's budget
     */
    public ReconcileSchedule(List<FlowDefinition> flows, Mappings mappings, QimenClient client, QimenCallPolicy policy,
                             TableRows database) {
        this.flows = flows.stream().map(f -> new Reconciliation(f, mappings, client, policy, database, null)).toList();
    }

    /** Reconciles every {@code every}, each time over the last {@code span}. */
    public ReconcileSchedule start(Duration every, Duration span) {
        scheduler.scheduleWithFixedDelay(() -> runAll(span), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public Map<String, LastRun> lastRuns() {
        return Map.copyOf(lastRuns);
    }

    private void runAll(Duration span) {
        LocalDateTime to = QimenTime.now().minus(SETTLED);
        reconcile(to.minus(span), to);
    }

    /** Reconciles every flow over {@code [from, to)} now, logging and keeping what it found. */
    public void reconcile(LocalDateTime from, LocalDateTime to) {
        for (Reconciliation reconciliation : flows) {
            String flow = reconciliation.flow().name();
            try {
                List<Reconciliation.TableResult> results = reconciliation.run(from, to, result -> { });
                long missing = results.stream().mapToLong(r -> r.missing().size()).sum();
                long extra = results.stream().mapToLong(r -> r.extra().size()).sum();
                recordByTable(reconciliation.tables(), results);
                lastRuns.put(flow, new LastRun(QimenTime.now(), missing, extra, null));
                if (missing + extra > 0) {
                    LOG.error("reconcile {} [{}, {}): {} rows missing and {} extra in MySQL; "
                            + "jst-pipeline reconcile --repair restores missing rows", flow, from, to, missing, extra);
                } else {
                    LOG.info("reconcile {} [{}, {}): MySQL matches the API", flow, from, to);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("reconcile {} could not run: {}", flow, e.getMessage());
                lastRuns.put(flow, new LastRun(QimenTime.now(), 0, 0, e.getMessage()));
            }
        }
    }

    /** Sets each table's gauges; a table without a window in {@code results} had nothing to compare: 0. */
    private static void recordByTable(List<String> tables, List<Reconciliation.TableResult> results) {
        for (String table : tables) {
            List<Reconciliation.TableResult> ofTable = results.stream().filter(r -> r.table().equals(table)).toList();
            gauge(MISSING_ROWS, "jst.reconcile.missing.rows", table)
                    .set(ofTable.stream().mapToLong(r -> r.missing().size()).sum());
            gauge(EXTRA_ROWS, "jst.reconcile.extra.rows", table)
                    .set(ofTable.stream().mapToLong(r -> r.extra().size()).sum());
        }
    }

    private static AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String table) {
        return gauges.computeIfAbsent(table, t -> Metrics.gauge(name, Tags.of("table", t), new AtomicLong()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
