package io.jstpipeline.extractor.flow;

import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.publish.CursorSource;
import io.jstpipeline.extractor.qimen.QimenApiException;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.extractor.window.WindowPlanner;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of one flow, each resuming from its cursor in {@code jst.extractor.state}: the incremental run
 * (from the flow's cursor, less the lookback, up to now less the safety lag), the daily re-sync of a day,
 * and backfills of a range, which resume where an interrupted one stopped.
 */
public final class FlowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);

    /** The instance whose cursors are keyed by the flow's name alone, as they were before there were instances. */
    public static final String DEFAULT_INSTANCE = "default";

    private final FlowExtractor extractor;
    private final String instance;
    private final CursorSource cursors;
    private final WindowPlanner planner;
    private final Supplier<LocalDateTime> now;
    private final LocalDateTime firstStart;
    /**
     * The flow's cursor as this runner last committed it, so that an incremental run each minute need not
     * read the whole state topic: the flow's transactional id makes this runner its only writer. Null until
     * known, and again after a run that failed part-way.
     */
    private Cursor committed;
    /** The re-sync's cursor as this runner last committed or read it; null until known, and after a failure. */
    private Optional<Cursor> resyncCommitted;
    /** What refused the last run in a way no retry mends; null after a run that ended otherwise. */
    private volatile QimenApiException stoppedBy;

    /**
     * @param instance   the extractor instance (merchant) this runner belongs to: its cursors are its own
     * @param firstStart where the first incremental run of a window flow starts, when it has no cursor yet
     * @param now        China time now at the gateway (its documents are stamped by its clock)
     */
    public FlowRunner(FlowExtractor extractor, String instance, CursorSource cursors, WindowPlanner planner,
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
     * Whether the flow's last run was refused in a way no retry mends (an authorization or parameter error): the
     * flow cannot work until someone fixes its credentials, the merchant's grants or its configuration. It is still
     * run on its schedule, and the first run that succeeds clears this. The one answer to "can this flow still work".
     */
    public boolean stoppedForGood() {
        return stoppedBy != null;
    }

    /** The refusal that stopped the flow for good, or null. */
    public QimenApiException stoppedBy() {
        return stoppedBy;
    }

    /**
     * The flow's own cursor key: {@code <instance>/<flow>}, so that two merchants' extractors on one cluster
     * never share a cursor; the default instance's is the flow's name.
     */
    public String cursorKey() {
        return cursorKey(instance, flow().name());
    }

    /** The cursor key of {@code flow} of the extractor {@code instance}: see {@link #cursorKey()}. */
    public static String cursorKey(String instance, String flow) {
        return DEFAULT_INSTANCE.equals(instance) ? flow : instance + "/" + flow;
    }

    /** The daily re-sync's own cursor, which records the range it reads until it is done. */
    private String resyncKey() {
        return cursorKey() + "/resync";
    }

    private String backfillKey(LocalDateTime from, LocalDateTime to) {
        return cursorKey() + "/backfill/" + from + "/" + to;
    }

    /**
     * Reads on from the flow's cursor; a re-sync that an earlier run left unfinished (a crash, an error) is
     * finished first.
     */
    public synchronized ExtractionResult incremental(ExtractionListener listener) throws InterruptedException {
        return recordingStops(() -> resumeResync().plus(readOn(listener)));
    }

    private ExtractionResult readOn(ExtractionListener listener) throws InterruptedException {
        Cursor cursor = committed != null ? committed : cursors.load(cursorKey()).orElse(null);
        committed = null;
        if (flow().cursor() == FlowDefinition.CursorMode.TS) {
            // The walk's last ts and the ids published at it stay in the state topic; the next run reads them there.
            return extractor.extractSince(cursorKey(), cursor, listener);
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
        FlowExtractor.WindowsDone done = extractor.extractWindows(cursorKey(), start, end,
                planner.readAheadEnd(end), cursor, showingLag(listener, end));
        committed = done.cursor();
        ExtractorMetrics.unsettledWindows(flow().name(), committed.unsettled().size());
        return done.result();
    }

    /**
     * Reads one whole day again, as the seeds' integration does at dawn, without moving the flow's cursor. The
     * range is committed before its first window: a re-sync that fails part-way is finished by the next run, and
     * one still unfinished when the next day's starts is read with it, as one range.
     */
    public synchronized ExtractionResult resync(LocalDate day, ExtractionListener listener) throws InterruptedException {
        return recordingStops(() -> resyncDay(day, listener));
    }

    private ExtractionResult resyncDay(LocalDate day, ExtractionListener listener) throws InterruptedException {
        TimeWindow range = new TimeWindow(day.atStartOfDay(), day.plusDays(1).atStartOfDay());
        Cursor pending = resyncCursor();
        Cursor state = Cursor.windowsUntil(null);
        if (pending != null && pending.unfinished()) {
            range = new TimeWindow(earlier(pending.range().start(), range.start()), later(pending.range().end(), range.end()));
            state = pending;
        }
        state = state.over(range);
        resyncCommitted = null;
        extractor.commit(resyncKey(), state);
        return resync(state, listener);
    }

    private interface Run {
        ExtractionResult run() throws InterruptedException;
    }

    /** Runs {@code run}, remembering whether it was refused for good: a run that ends otherwise clears that. */
    private ExtractionResult recordingStops(Run run) throws InterruptedException {
        try {
            ExtractionResult result = run.run();
            stoppedBy = null;
            return result;
        } catch (QimenApiException e) {
            stoppedBy = e.retryable() ? null : e;
            throw e;
        } finally {
            ExtractorMetrics.flowStopped(flow().name(), stoppedBy != null);
        }
    }

    private ExtractionResult resumeResync() throws InterruptedException {
        Cursor pending = resyncCursor();
        if (pending == null || !pending.unfinished()) {
            return ExtractionResult.NOTHING;
        }
        LOG.info("{}: finishing the re-sync of {} that an earlier run left at {}{}", flow().name(), pending.range(),
                pending.completedUntil() == null ? "its start" : QimenTime.format(pending.completedUntil()),
                pending.unsettled().isEmpty() ? "" : " with unsettled windows " + pending.unsettled());
        return resync(pending, ExtractionListener.NONE);
    }

    private ExtractionResult resync(Cursor state, ExtractionListener listener) throws InterruptedException {
        resyncCommitted = null;
        FlowExtractor.WindowsDone done = extractor.extractWindows(resyncKey(), state.range().start(),
                state.range().end(), state, listener);
        resyncCommitted = Optional.of(done.cursor());
        return done.result();
    }

    private Cursor resyncCursor() {
        if (resyncCommitted == null) {
            resyncCommitted = cursors.load(resyncKey());
        }
        return resyncCommitted.orElse(null);
    }

    private static LocalDateTime earlier(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
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

    /**
     * The listener, and the flow's cursor lag updated as each window of its own cursor commits: to the window's end,
     * but never past {@code cursorEnd}, where the cursor stops while windows read on ahead of the clock.
     */
    private ExtractionListener showingLag(ExtractionListener listener, LocalDateTime cursorEnd) {
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
                ExtractorMetrics.cursorCommitted(flow().name(),
                        window.end().isAfter(cursorEnd) ? cursorEnd : window.end());
                listener.windowDone(window, totals);
            }
        };
    }

    private TimeWindow rangeFrom(LocalDateTime start) {
        LocalDateTime end = planner.upperBound(now.get());
        return end.isAfter(start) ? new TimeWindow(start, end) : null;
    }
}
