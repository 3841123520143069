package io.jstpipeline.extractor.flow;

import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.publish.CursorStore;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.extractor.window.WindowPlanner;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runs of one flow, each resuming from its cursor in {@code jst.extractor.state}: the incremental run
 * (from the flow's cursor, less the lookback, up to now less the safety lag), the daily re-sync of a day,
 * and backfills of a range, which resume where an interrupted one stopped.
 */
public final class FlowRunner {

    /** The instance whose cursors are keyed by the flow's name alone, as they were before there were instances. */
    public static final String DEFAULT_INSTANCE = "default";

    private final FlowExtractor extractor;
    private final String instance;
    private final CursorStore cursors;
    private final WindowPlanner planner;
    private final Supplier<LocalDateTime> now;
    private final LocalDateTime firstStart;
    /**
     * The flow's cursor as this runner last committed it, so that an incremental run each minute need not
     * read the whole state topic: the flow's transactional id makes this runner its only writer. Null until
     * known, and again after a run that failed part-way.
     */
    private Cursor committed;

    /**
     * @param instance   the extractor instance (merchant) this runner belongs to: its cursors are its own
     * @param firstStart where the first incremental run of a window flow starts, when it has no cursor yet
     * @param now        China time now
     */
    public FlowRunner(FlowExtractor extractor, String instance, CursorStore cursors, WindowPlanner planner,
                      Supplier<LocalDateTime> now, LocalDateTime firstStart) {
        this.extractor = extractor;
        this.instance = instance;
        this.cursors = cursors;
        this.planner = planner;
        this.now = now;
        this.firstStart = firstStart;
    }

    public FlowDefinition flow() {
        return extractor.flow();
    }

    /**
     * The flow's own cursor key: {@code <instance>/<flow>}, so that two merchants' extractors on one cluster
     * never share a cursor; the default instance's is the flow's name.
     */
    public String cursorKey() {
        return DEFAULT_INSTANCE.equals(instance) ? flow().name() : instance + "/" + flow().name();
    }

    private String backfillKey(LocalDateTime from, LocalDateTime to) {
        return cursorKey() + "/backfill/" + from + "/" + to;
    }

    public synchronized ExtractionResult incremental(ExtractionListener listener) throws InterruptedException {
        Cursor cursor = committed != null ? committed : cursors.load(cursorKey()).orElse(null);
        committed = null;
        if (flow().cursor() == FlowDefinition.CursorMode.TS) {
            // The walk's last ts stays in the state topic; the next run reads it from there.
            long since = cursor == null || cursor.lastTs() == null ? 0 : cursor.lastTs();
            return extractor.extractSince(cursorKey(), since, listener);
        }
        TimeWindow range = cursor == null || cursor.completedUntil() == null
                ? rangeFrom(firstStart)
                : planner.incrementalRange(cursor.completedUntil(), now.get());
        if (cursor != null && cursor.completedUntil() != null) {
            // Known from the start of the run, so that a restarted extractor shows its lag at once.
            ExtractorMetrics.cursorCommitted(flow().name(), cursor.completedUntil());
        }
        ExtractorMetrics.unsettledWindows(flow().name(), cursor == null ? 0 : cursor.unsettled().size());
        if (range == null && (cursor == null || cursor.unsettled().isEmpty())) {
            committed = cursor;
            return ExtractionResult.NOTHING;
        }
        // No new range yet: the unsettled windows are read again all the same.
        LocalDateTime start = range == null ? cursor.completedUntil() : range.start();
        LocalDateTime end = range == null ? cursor.completedUntil() : range.end();
        FlowExtractor.WindowsDone done = extractor.extractWindows(cursorKey(), start, end, cursor,
                showingLag(listener));
        committed = done.cursor();
        ExtractorMetrics.unsettledWindows(flow().name(), committed.unsettled().size());
        return done.result();
    }

    /** Reads one whole day again, as the seeds' integration does at dawn, without moving the flow's cursor. */
    public ExtractionResult resync(LocalDate day, ExtractionListener listener) throws InterruptedException {
        return reread(day.atStartOfDay(), day.plusDays(1).atStartOfDay(), listener);
    }

    /** Reads {@code [from, to)} again in full, without moving the flow's cursor. */
    public ExtractionResult reread(LocalDateTime from, LocalDateTime to, ExtractionListener listener)
            throws InterruptedException {
        return extractor.extractWindows(cursorKey() + "/reread", from, to, null, listener).result();
    }

    /**
     * Pulls {@code [from, to)}; a backfill of the same range that was interrupted resumes after its last window,
     * and one that left windows unsettled reads them again.
     */
    public ExtractionResult backfill(LocalDateTime from, LocalDateTime to, ExtractionListener listener)
            throws InterruptedException {
        String key = backfillKey(from, to);
        return extractor.extractWindows(key, from, to, cursors.load(key).orElse(null), listener).result();
    }

    /** The listener, and the flow's cursor lag updated as each window of its own cursor commits. */
    private ExtractionListener showingLag(ExtractionListener listener) {
        return new ExtractionListener() {
            @Override
            public void started(List<TimeWindow> windows, int alreadyDone) {
                listener.started(windows, alreadyDone);
            }

            @Override
            public void windowHalved(TimeWindow window, List<TimeWindow> halves) {
                listener.windowHalved(window, halves);
            }

            @Override
            public void windowDone(TimeWindow window, ExtractionResult totals) {
                ExtractorMetrics.cursorCommitted(flow().name(), window.end());
                listener.windowDone(window, totals);
            }
        };
    }

    private TimeWindow rangeFrom(LocalDateTime start) {
        LocalDateTime end = planner.upperBound(now.get());
        return end.isAfter(start) ? new TimeWindow(start, end) : null;
    }
}
