package io.jstpipeline.extractor.flow;

import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.LogContext;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.publish.CheckpointedPublisher;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.publish.DocumentBatch;
import io.jstpipeline.extractor.publish.ParkedDocument;
import io.jstpipeline.extractor.qimen.QimenApiException;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenPage;
import io.jstpipeline.extractor.qimen.RawDocument;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.extractor.window.WindowReader;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts one flow: window by window (or {@code ts} page by {@code ts} page), each committed to the raw
 * topic in one Kafka transaction together with the cursor that says it is done. The extraction is where
 * paging, drift re-reads and halving happen; the calls themselves go through the merchant's
 * {@link QimenCallPolicy} (rate limits, retries, circuit breaker).
 */
public final class FlowExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(FlowExtractor.class);
    /** Re-reads of a drifting window before its documents are published as they are. */
    public static final int DEFAULT_MAX_REREADS = 3;
    private static final String TS = "ts";
    private static final String MODIFIED = "modified";

    private final FlowDefinition flow;
    private final QimenClient client;
    private final QimenCallPolicy policy;
    private final CheckpointedPublisher publisher;
    private final WindowPlanner planner;
    private final WindowReader reader;
    private final ExtractorMetrics.FlowCounters counters;
    /** Documents published while stamped ahead of the gateway's clock, by id: read again each run until it passes. */
    private final Map<String, PublishedAhead> publishedAhead = new ConcurrentHashMap<>();

    /** @param pages fetches a window's pages after its first; {@code ts} pages are walked one by one regardless */
    public FlowExtractor(FlowDefinition flow, QimenClient client, QimenCallPolicy policy,
                         CheckpointedPublisher publisher, WindowPlanner planner, PagePool pages) {
        this.flow = flow;
        this.client = client;
        this.policy = policy;
        this.publisher = publisher;
        this.planner = planner;
        this.reader = new WindowReader(flow, client, policy, DEFAULT_MAX_REREADS, pages);
        this.counters = ExtractorMetrics.FlowCounters.of(flow.name());
    }

    public FlowDefinition flow() {
        return flow;
    }

    /**
     * What a window extraction did, and the cursor it left committed (the one it started from when it committed
     * nothing).
     */
    public record WindowsDone(ExtractionResult result, Cursor cursor) {
    }

    /**
     * Publishes every document modified in {@code [from, to)} (China time), window after window; after
     * each window {@code cursorKey} moves to the window's end in the same transaction. {@code state} is the
     * key's committed cursor, or null: the windows it left unsettled are read first (a window that settles
     * leaves the list, one that does not stays in it), and windows that end at or before its
     * {@code completedUntil} (an earlier, interrupted run) are skipped.
     *
     * @throws QimenApiException when a call fails in a way that is not retryable, or retries are used up
     * @throws InterruptedException when interrupted; the windows committed so far stay committed
     */
    public WindowsDone extractWindows(String cursorKey, LocalDateTime from, LocalDateTime to, Cursor state,
                                      ExtractionListener listener) throws InterruptedException {
        return extractWindows(cursorKey, from, to, to, state, listener);
    }

    /**
     * As {@link #extractWindows(String, LocalDateTime, LocalDateTime, Cursor, ExtractionListener)}, reading on up
     * to {@code readUntil}: documents stamped ahead of the clock are published when first seen, while the cursor
     * moves no further than {@code to}. A document stamped ahead of the gateway's clock is counted and logged
     * once, and not published again while it stays ahead.
     */
    public WindowsDone extractWindows(String cursorKey, LocalDateTime from, LocalDateTime to, LocalDateTime readUntil,
                                      Cursor state, ExtractionListener listener) throws InterruptedException {
        try (LogContext flowContext = LogContext.with(LogContext.FLOW, flow.name())) {
            return extractWindows(planner.plan(from, readUntil), cursorKey, from, to,
                    state == null ? Cursor.windowsUntil(null) : state, listener);
        }
    }

    private WindowsDone extractWindows(List<TimeWindow> planned, String cursorKey, LocalDateTime from,
                                       LocalDateTime to, Cursor state, ExtractionListener listener)
            throws InterruptedException {
        forgetNoLongerAhead();
        LocalDateTime resumeAfter = state.completedUntil();
        // Unsettled windows first, then the planned ones the cursor has not passed.
        List<TimeWindow> windows = new ArrayList<>(state.unsettled());
        Deque<TimeWindow> pending = new ArrayDeque<>(state.unsettled());
        int alreadyDone = 0;
        for (TimeWindow window : planned) {
            if (resumeAfter != null && !window.end().isAfter(resumeAfter)) {
                alreadyDone++;
            } else {
                pending.add(window);
            }
            windows.add(window);
        }
        listener.started(windows, alreadyDone);
        // A window is committed on a thread of its own while the next one is read: one commit in flight at a
        // time and in window order, so the cursor moves exactly as it would one window after another.
        ExecutorService committing = Executors.newSingleThreadExecutor(
                DaemonThreads.named("jst-extractor-commit-" + flow.name()));
        WindowCommit inFlight = WindowCommit.NONE;
        ExtractionResult totals = ExtractionResult.NOTHING;
        LocalDateTime completedUntil = resumeAfter;
        List<TimeWindow> unsettled = new ArrayList<>(state.unsettled());
        Cursor cursor = state;
        try {
            while (!pending.isEmpty()) {
                TimeWindow window = pending.removeFirst();
                try (LogContext windowContext = LogContext.with(LogContext.WINDOW, window.toString())) {
                    WindowReader.WindowRead read = reader.read(window);
                    counters.pages().increment(read.pages());
                    counters.windowRereads().increment(read.rereads());
                    if (read.tooLarge()) {
                        List<TimeWindow> halves = planner.halve(window);
                        LOG.info("{} window {} holds more than {} pages: reading it as {}", flow.name(), window,
                                flow.maxPagesPerWindow(), halves);
                        for (int i = halves.size() - 1; i >= 0; i--) {
                            pending.addFirst(halves.get(i));
                        }
                        int at = unsettled.indexOf(window);
                        if (at >= 0) {
                            unsettled.remove(at);
                            unsettled.addAll(at, halves);
                        }
                        totals = totals.plus(new ExtractionResult(0, read.pages(), 0, 0, 0));
                        listener.windowHalved(window, halves);
                        continue;
                    }
                    if (read.settled()) {
                        unsettled.remove(window);
                    } else if (!unsettled.contains(window)) {
                        unsettled.add(window);
                    }
                    // A window read ahead moves the cursor no further than the range's end.
                    LocalDateTime windowDone = window.end().isAfter(to) ? to : window.end();
                    if (completedUntil == null || windowDone.isAfter(completedUntil)) {
                        completedUntil = windowDone;
                    }
                    List<RawDocument> documents = notPublishedAhead(read.documents());
                    totals = inFlight.awaitDone(totals, listener);
                    ExtractionResult result = new ExtractionResult(1, read.pages(), documents.size(),
                            read.rereads() > 0 ? 1 : 0, read.settled() ? 0 : 1);
                    Cursor after = state.movedTo(completedUntil, unsettled);
                    inFlight = new WindowCommit(window, result, committing.submit(LogContext.carriedInto(() -> {
                        List<ParkedDocument> parked = publisher.publish(
                                new DocumentBatch(flow.name(), flow.idField(), window.toString(), documents), cursorKey,
                                after);
                        counted(parked, window.toString());
                        counters.documents().increment(documents.size() - parked.size());
                        return parked.size();
                    })));
                    cursor = after;
                }
            }
            totals = inFlight.awaitDone(totals, listener);
        } finally {
            // Interrupted or failed while a window commits: that commit ends (its transaction is all or nothing)
            // before the cursor is read again by anyone.
            committing.shutdown();
            inFlight.awaitQuietly();
        }
        LOG.info("{} [{}, {}): {}", flow.name(), from, to, totals);
        if (!unsettled.isEmpty()) {
            LOG.warn("{}: {} window(s) still unsettled, read again on the next run: {}", flow.name(),
                    unsettled.size(), unsettled);
        }
        return new WindowsDone(totals, cursor);
    }

    /** A document published while stamped ahead of the gateway's clock: its version, and its stamp. */
    private record PublishedAhead(long ts, LocalDateTime modified) {
    }

    /**
     * {@code documents} but those stamped ahead of the gateway's clock that were published before in the same
     * version; one newly seen ahead is counted, logged and remembered.
     */
    private List<RawDocument> notPublishedAhead(Collection<RawDocument> documents) {
        LocalDateTime gatewayNow = client.clock().now();
        List<RawDocument> toPublish = new ArrayList<>(documents.size());
        for (RawDocument document : documents) {
            LocalDateTime modified = modified(document);
            if (modified == null || !modified.isAfter(gatewayNow)) {
                toPublish.add(document);
                continue;
            }
            PublishedAhead ahead = new PublishedAhead(ts(document), modified);
            if (ahead.equals(publishedAhead.put(id(document), ahead))) {
                continue;
            }
            counters.documentsAhead().increment();
            LOG.warn("{} document {} is stamped {}, {} min ahead of the gateway's clock ({}): published now, the "
                    + "cursor stays at the gateway's time", flow.name(), id(document), QimenTime.format(modified),
                    Duration.between(gatewayNow, modified).toMinutes(), QimenTime.format(gatewayNow));
            toPublish.add(document);
        }
        return toPublish;
    }

    /** Documents whose stamp the gateway's clock has passed are read as any other now. */
    private void forgetNoLongerAhead() {
        LocalDateTime gatewayNow = client.clock().now();
        publishedAhead.values().removeIf(ahead -> !ahead.modified().isAfter(gatewayNow));
    }

    private static LocalDateTime modified(RawDocument document) {
        try {
            return QimenTime.parse(document.fields().path(MODIFIED).asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Commits {@code cursor} alone, e.g. the range of a run before its first window. */
    public void commit(String cursorKey, Cursor cursor) {
        publisher.commit(flow.name(), cursorKey, cursor);
    }

    /** Counts and logs the documents of {@code read} that the publisher parked instead of publishing. */
    private void counted(List<ParkedDocument> parked, String read) {
        for (ParkedDocument document : parked) {
            ExtractorMetrics.documentsParked(flow.name(), document.reason()).increment();
            LOG.warn("{} {} page {}: a document ({} {}) is parked in {} and the flow goes on: {}", flow.name(), read,
                    document.page(), CheckpointedPublisher.KEY_FIELD, document.key(), Topics.EXTRACT_DLQ,
                    document.detail());
        }
    }

    /**
     * A window being committed: its documents and cursor in one transaction, on the committing thread, which tells
     * how many documents it parked.
     */
    private record WindowCommit(TimeWindow window, ExtractionResult result, Future<Integer> commit) {

        static final WindowCommit NONE = new WindowCommit(null, ExtractionResult.NOTHING,
                CompletableFuture.completedFuture(0));

        /** Waits for the commit and reports the window done; a failed commit is thrown as the publisher threw it. */
        ExtractionResult awaitDone(ExtractionResult totals, ExtractionListener listener) throws InterruptedException {
            if (window == null) {
                return totals;
            }
            int parked;
            try {
                parked = commit.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("committing window " + window + " failed", e.getCause());
            }
            ExtractionResult done = totals.plus(new ExtractionResult(result.windows(), result.pages(),
                    result.documents() - parked, result.rereads(), result.unsettledWindows()));
            listener.windowDone(window, done);
            return done;
        }

        void awaitQuietly() {
            boolean interrupted = false;
            while (!commit.isDone()) {
                try {
                    commit.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    break; // reported by awaitDone, or superseded by the failure that got us here
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Publishes every document version from {@code state}'s {@code lastTs} on (from the start without one), page by
     * page from {@code page_index} 1 with {@code start_ts} just below the last page's highest {@code ts}: documents
     * sharing that {@code ts} may go on past a page's end, so each page is asked from it inclusive, and the
     * documents at it already published (their ids are kept with the cursor) are left out. Each page commits with
     * its cursor.
     *
     * @throws IllegalStateException when a page with more to follow brings nothing new: more documents share one
     *                               {@code ts} than a page holds, which {@code start_ts} cannot page past; the
     *                               cursor stays before them, nothing is lost, and a larger {@code pageSize} mends it
     */
    public ExtractionResult extractSince(String cursorKey, Cursor state, ExtractionListener listener)
            throws InterruptedException {
        try (LogContext flowContext = LogContext.with(LogContext.FLOW, flow.name())) {
            return walkSince(cursorKey, state == null || state.lastTs() == null ? null : state);
        }
    }

    private ExtractionResult walkSince(String cursorKey, Cursor state) throws InterruptedException {
        ExtractionResult totals = ExtractionResult.NOTHING;
        long lastTs = state == null ? 0 : state.lastTs();
        Set<String> publishedAtLastTs = state == null ? Set.of() : Set.copyOf(state.publishedAtLastTs());
        while (true) {
            // start_ts is exclusive: one below the last ts reads that ts again.
            long from = Math.max(lastTs - 1, 0);
            QimenPage page;
            try (LogContext windowContext = LogContext.with(LogContext.WINDOW, "since ts " + from)) {
                page = policy.call(flow.method(), flow.method() + " since ts " + from,
                        () -> client.fetchSince(flow.method(), flow.listField(), from, flow.pageSize()));
            }
            counters.pages().increment();
            long below = lastTs;
            Set<String> published = publishedAtLastTs;
            List<RawDocument> fresh = page.documents().stream()
                    .filter(d -> ts(d) > below || ts(d) == below && !published.contains(id(d)))
                    .toList();
            if (fresh.isEmpty()) {
                if (page.hasNext()) {
                    throw new IllegalStateException(flow.name() + ": a page asked with start_ts " + from + " brings no "
                            + "document not published yet, and more follow: more than " + flow.pageSize()
                            + " documents share ts " + lastTs + ", which start_ts cannot page past; the walk does not "
                            + "advance and stops here, its cursor before them (a larger pageSize for the flow mends it)");
                }
                return totals;
            }
            long highest = fresh.stream().mapToLong(FlowExtractor::ts).max().orElseThrow();
            Set<String> atHighest = new LinkedHashSet<>(highest == lastTs ? publishedAtLastTs : Set.of());
            fresh.stream().filter(d -> ts(d) == highest).map(this::id).forEach(atHighest::add);
            String read = "since ts " + from;
            List<ParkedDocument> parked = publisher.publish(new DocumentBatch(flow.name(), flow.idField(), read, fresh),
                    cursorKey, Cursor.tsUpTo(highest, List.copyOf(atHighest)));
            counted(parked, read);
            counters.documents().increment(fresh.size() - parked.size());
            lastTs = highest;
            publishedAtLastTs = atHighest;
            totals = totals.plus(new ExtractionResult(0, 1, fresh.size() - parked.size(), 0, 0));
            if (!page.hasNext()) {
                return totals;
            }
        }
    }

    private static long ts(RawDocument document) {
        return document.fields().path(TS).asLong(Long.MIN_VALUE);
    }

    private String id(RawDocument document) {
        return document.fields().path(flow.idField()).asText();
    }
}
