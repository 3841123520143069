package io.jstpipeline.extractor;

import io.jstpipeline.common.metrics.LogContext;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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

    private final FlowDefinition flow;
    private final QimenClient client;
    private final QimenCallPolicy policy;
    private final CheckpointedPublisher publisher;
    private final WindowPlanner planner;
    private final WindowReader reader;
    private final ExtractorMetrics.FlowCounters counters;

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
     * Publishes every document modified in {@code [from, to)} (China time), window after window; after
     * each window {@code cursorKey} moves to the window's end in the same transaction. Windows that end at
     * or before {@code resumeAfter} (a cursor of an earlier, interrupted run) are skipped.
     *
     * @throws QimenApiException when a call fails in a way that is not retryable, or retries are used up
     * @throws InterruptedException when interrupted; the windows committed so far stay committed
     */
    public ExtractionResult extractWindows(String cursorKey, LocalDateTime from, LocalDateTime to,
                                           LocalDateTime resumeAfter, ExtractionListener listener)
            throws InterruptedException {
        try (LogContext flowContext = LogContext.with(LogContext.FLOW, flow.name())) {
            return extractWindows(planner.plan(from, to), cursorKey, from, to, resumeAfter, listener);
        }
    }

    private ExtractionResult extractWindows(List<TimeWindow> planned, String cursorKey, LocalDateTime from,
                                            LocalDateTime to, LocalDateTime resumeAfter, ExtractionListener listener)
            throws InterruptedException {
        Deque<TimeWindow> pending = new ArrayDeque<>();
        int alreadyDone = 0;
        for (TimeWindow window : planned) {
            if (resumeAfter != null && !window.end().isAfter(resumeAfter)) {
                alreadyDone++;
            } else {
                pending.add(window);
            }
        }
        listener.started(planned, alreadyDone);
        ExtractionResult totals = ExtractionResult.NOTHING;
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
                    totals = totals.plus(new ExtractionResult(0, read.pages(), 0, 0, 0));
                    listener.windowHalved(window, halves);
                    continue;
                }
                publisher.publish(flow.name(), read.documents(), cursorKey, Cursor.windowsUntil(window.end()));
                counters.documents().increment(read.documents().size());
                totals = totals.plus(new ExtractionResult(1, read.pages(), read.documents().size(),
                        read.rereads() > 0 ? 1 : 0, read.settled() ? 0 : 1));
                listener.windowDone(window, totals);
            }
        }
        LOG.info("{} [{}, {}): {}", flow.name(), from, to, totals);
        return totals;
    }

    /**
     * Publishes every document version above {@code sinceTs}, page by page from {@code page_index} 1 with
     * {@code start_ts} moved to the page's highest {@code ts}; each page commits with its cursor.
     *
     * @throws IllegalStateException when a page would not move the cursor forward (the walk would never end)
     */
    public ExtractionResult extractSince(String cursorKey, long sinceTs, ExtractionListener listener)
            throws InterruptedException {
        try (LogContext flowContext = LogContext.with(LogContext.FLOW, flow.name())) {
            return walkSince(cursorKey, sinceTs);
        }
    }

    private ExtractionResult walkSince(String cursorKey, long sinceTs) throws InterruptedException {
        ExtractionResult totals = ExtractionResult.NOTHING;
        long cursor = sinceTs;
        while (true) {
            long from = cursor;
            QimenPage page;
            try (LogContext windowContext = LogContext.with(LogContext.WINDOW, "since ts " + from)) {
                page = policy.call(flow.method(), flow.method() + " since ts " + from,
                        () -> client.fetchSince(flow.method(), flow.listField(), from, flow.pageSize()));
            }
            counters.pages().increment();
            if (page.documents().isEmpty()) {
                return totals;
            }
            long highest = page.documents().stream().mapToLong(d -> d.tree().path(TS).asLong(Long.MIN_VALUE))
                    .max().orElseThrow();
            if (highest <= cursor) {
                throw new IllegalStateException(flow.name() + ": a page asked with start_ts " + cursor
                        + " holds no higher ts (highest " + highest + "); refusing a cursor that does not advance");
            }
            publisher.publish(flow.name(), page.documents(), cursorKey, Cursor.tsUpTo(highest));
            counters.documents().increment(page.documents().size());
            cursor = highest;
            totals = totals.plus(new ExtractionResult(0, 1, page.documents().size(), 0, 0));
            if (!page.hasNext()) {
                return totals;
            }
        }
    }
}
