package io.jstpipeline.extractor;

import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.LogContext;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.ExtractionResult;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.flow.FlowExtractor;
import io.jstpipeline.extractor.flow.FlowRunner;
import io.jstpipeline.extractor.publish.CheckpointedPublisher;
import io.jstpipeline.extractor.publish.CursorTakenOverException;
import io.jstpipeline.extractor.publish.CursorStore;
import io.jstpipeline.extractor.qimen.QimenApiException;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.window.PagePool;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extractor of one merchant: every flow on its interval from its cursor, plus the daily re-sync of
 * yesterday. Flows run one at a time on one thread, as they share the merchant's call budget anyway; the
 * pages of a window are fetched side by side on the service's {@link PagePool}, as a page spends most of
 * its time on the way. A flow whose run fails is run again on its schedule: one refused in a way no retry mends
 * (bad credentials, no permission, a wrong argument) shows {@code STOPPED} with its error until a run succeeds
 * (someone fixed it), and the others go on.
 */
public final class ExtractorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExtractorService.class);

    /** What an operator sees of a flow. */
    public record FlowStatus(String flow, String state, LocalDateTime lastRunEnded, ExtractionResult lastRun,
                             String lastError) {

        /** False once the flow has stopped for good: no run of it will come again until the process restarts. */
        public boolean canStillWork() {
            return !"STOPPED".equals(state);
        }
    }

    /** The state of a flow whose last run was refused for good ({@link FlowRunner#stoppedForGood()}). */
    private static final String STOPPED = "STOPPED";

    private final QimenClient client;
    private final QimenCallPolicy policy;
    private final PagePool pages;
    private final List<CheckpointedPublisher> publishers = new ArrayList<>();
    private final Map<String, FlowRunner> runners = new LinkedHashMap<>();
    private final Map<String, FlowStatus> statuses = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("jst-extractor"));

    public ExtractorService(ExtractorSettings settings) {
        this.pages = PagePool.of(settings.pageConcurrency());
        this.client = new QimenClient(settings.credentials(), settings.clientOptions());
        this.policy = settings.callPolicy();
        CursorStore cursors = new CursorStore(settings.kafka());
        try {
            for (FlowDefinition flow : settings.flows()) {
                CheckpointedPublisher publisher = CheckpointedPublisher.start(settings.kafka(),
                        settings.role().transactionalId(settings.instance(), flow.name()));
                publishers.add(publisher);
                FlowExtractor extractor = new FlowExtractor(flow, client, policy, publisher, settings.planner(), pages);
                runners.put(flow.name(), new FlowRunner(extractor, settings.instance(), cursors, settings.planner(),
                        client.clock()::now, settings.firstStart()));
                statuses.put(flow.name(), new FlowStatus(flow.name(), "IDLE", null, null, null));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The merchant's call budget, retries and breaker, with their counters. */
    public QimenCallPolicy callPolicy() {
        return policy;
    }

    public FlowRunner runner(String flow) {
        FlowRunner runner = runners.get(flow);
        if (runner == null) {
            throw new IllegalArgumentException("unknown flow " + flow + "; running flows: " + runners.keySet());
        }
        return runner;
    }

    /** One incremental run of every flow, in turn, on the calling thread. */
    public Map<String, ExtractionResult> runOnce(ExtractionListener listener) throws InterruptedException {
        Map<String, ExtractionResult> results = new LinkedHashMap<>();
        for (FlowRunner runner : runners.values()) {
            results.put(runner.flow().name(), runner.incremental(listener));
        }
        return results;
    }

    /** Starts the schedules: each flow's incremental run every interval, its re-sync daily at its time. */
    public void schedule() {
        for (FlowRunner runner : runners.values()) {
            FlowDefinition flow = runner.flow();
            scheduler.scheduleWithFixedDelay(() -> run(runner, "incremental",
                    () -> runner.incremental(ExtractionListener.NONE)), 0, flow.interval().toMillis(),
                    TimeUnit.MILLISECONDS);
            if (flow.resyncAt() != null) {
                scheduler.scheduleAtFixedRate(() -> run(runner, "re-sync of yesterday",
                        () -> runner.resync(QimenTime.now().toLocalDate().minusDays(1), ExtractionListener.NONE)),
                        untilNext(flow), Duration.ofDays(1).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    public List<FlowStatus> status() {
        return runners.keySet().stream().map(statuses::get).toList();
    }

    /**
     * Why this extractor can do no more work, in one line: every flow has stopped for good, each with its error;
     * empty while a flow can still work.
     */
    public Optional<String> whyNoFlowCanWork() {
        List<FlowStatus> flows = status();
        if (flows.stream().anyMatch(FlowStatus::canStillWork)) {
            return Optional.empty();
        }
        return Optional.of("every flow stopped: " + flows.stream().map(f -> f.flow() + ": " + f.lastError())
                .collect(Collectors.joining("; ")));
    }

    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // After the scheduler: its runs, interrupted, have given up their page fetches by now.
        pages.close();
        publishers.forEach(CheckpointedPublisher::close);
        client.close();
    }

    private interface Run {
        ExtractionResult run() throws InterruptedException;
    }

    private void run(FlowRunner runner, String what, Run run) {
        String flow = runner.flow().name();
        try (LogContext flowContext = LogContext.with(LogContext.FLOW, flow)) {
            runLogged(runner, what, run);
        }
    }

    private void runLogged(FlowRunner runner, String what, Run run) {
        String flow = runner.flow().name();
        FlowStatus before = statuses.get(flow);
        QimenApiException stoppedBefore = runner.stoppedBy();
        // A flow stopped for good stays so while it is tried again: only a run that succeeds clears it, and a
        // service asking whether it can still work must not see it RUNNING between two refusals.
        statuses.put(flow, new FlowStatus(flow, before.canStillWork() ? "RUNNING" : STOPPED, before.lastRunEnded(),
                before.lastRun(), before.lastError()));
        try {
            ExtractionResult result = run.run();
            statuses.put(flow, new FlowStatus(flow, "IDLE", QimenTime.now(), result, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (QimenApiException e) {
            if (e.retryable()) {
                LOG.warn("{} {} failed, next run on schedule: {}", flow, what, e.getMessage());
                statuses.put(flow, new FlowStatus(flow, "IDLE", QimenTime.now(), null, e.getMessage()));
            } else {
                // One line when it stops, not one per scheduled run while it stays stopped.
                if (stoppedBefore == null || !stoppedBefore.code().equals(e.code())) {
                    LOG.error("{} stopped: {} was refused with an authorization or parameter error that no retry "
                            + "mends; tried again every {} until fixed: {}", flow, what, runner.flow().interval(),
                            e.getMessage());
                }
                statuses.put(flow, new FlowStatus(flow, STOPPED, QimenTime.now(), null, e.getMessage()));
            }
        } catch (CursorTakenOverException e) {
            LOG.warn("{} {} stopped: {}", flow, what, e.getMessage());
            statuses.put(flow, new FlowStatus(flow, "IDLE", QimenTime.now(), null, e.getMessage()));
        } catch (RuntimeException e) {
            if (closing) {
                return; // interrupted by close(): the run's transaction is aborted, its cursor unmoved
            }
            LOG.error("{} {} failed, next run on schedule", flow, what, e);
            statuses.put(flow, new FlowStatus(flow, "IDLE", QimenTime.now(), null, String.valueOf(e.getMessage())));
        }
    }

    private static long untilNext(FlowDefinition flow) {
        LocalDateTime now = QimenTime.now();
        LocalDateTime next = now.toLocalDate().atTime(flow.resyncAt());
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        return Duration.between(now, next).toMillis();
    }
}
