package io.jstpipeline.extractor.window;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.DocumentVersion;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenPage;
import io.jstpipeline.extractor.qimen.RawDocument;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every page of one time window and makes sure no document slipped through. While pages are read by
 * {@code modified}, a document that changes leaves the window and the following pages shift by one, so a
 * document can be skipped unseen (Jushuitan's own docs warn of it). A read is settled when the distinct
 * documents read equal the first page's {@code data_count}, and every page's {@code data_count} equals the
 * first's; otherwise the window is read again, up to a bound. A window that holds the gateway's clock is settled
 * too when the distinct documents read equal the largest {@code data_count} of its pages: no document can leave it
 * (a change moves {@code modified} to now, inside it), so every document it ever held is among those its count
 * reached, and reading them all means none was skipped. Without this, the window holding "now" never settled
 * while the ERP kept changing documents, and was read up to four times on every run. What every read found is
 * kept, newest version of each document first. The pages after the first are fetched by a {@link PagePool}, side by side when
 * its concurrency allows, and taken in page order.
 */
public final class WindowReader {

    private static final Logger LOG = LoggerFactory.getLogger(WindowReader.class);
    /**
     * How far on each side of the gateway's clock a window must reach, through a whole read, to count as one no
     * document can leave: the clock is known to the second from its answers' Date headers, and a document may be
     * stamped a little ahead of it.
     */
    static final Duration OPEN_WINDOW_MARGIN = Duration.ofMinutes(5);
    /** Before the text of a document kept without its id: no id starts with it. */
    private static final String NO_ID = "\u0000";

    /**
     * One window's outcome, or the news that it holds too many pages to read whole.
     *
     * @param documents everything every read found, newest version of each: what the extractor publishes
     * @param lastRead  what the last read found: the window as it stands, for comparing with a table
     */
    public record WindowRead(Collection<RawDocument> documents, Collection<RawDocument> lastRead, long pages,
                             int rereads, boolean settled, boolean tooLarge) {
    }

    /** How one page of a window is fetched; it may wait for the call budget or a retry. */
    interface PageFetch {
        QimenPage fetch(TimeWindow window, int pageIndex) throws InterruptedException;
    }

    private final FlowDefinition flow;
    private final PageFetch fetch;
    private final int maxRereads;
    private final PagePool pages;
    /** The gateway's time now, as its answers show it. */
    private final Supplier<LocalDateTime> gatewayNow;

    /** Reads the flow's pages from {@code client}, every call through the merchant's {@code policy}. */
    public WindowReader(FlowDefinition flow, QimenClient client, QimenCallPolicy policy, int maxRereads,
                        PagePool pages) {
        this(flow, (window, page) -> policy.call(flow.method(), flow.method() + " " + window + " page " + page,
                () -> client.fetchPage(flow.method(), flow.listField(), window.start(), window.end(), page,
                        flow.pageSize())), maxRereads, pages, () -> client.clock().now());
    }

    WindowReader(FlowDefinition flow, PageFetch fetch, int maxRereads, PagePool pages,
                 Supplier<LocalDateTime> gatewayNow) {
        this.flow = flow;
        this.fetch = fetch;
        this.maxRereads = maxRereads;
        this.pages = pages;
        this.gatewayNow = gatewayNow;
    }

    /**
     * Reads the window, again while its pages drift (up to the bound). A window with more pages than the
     * flow allows is reported too large after its first page, unless it is too short to halve.
     */
    public WindowRead read(TimeWindow window) throws InterruptedException {
        boolean halvable = window.duration().getSeconds() >= 2;
        Map<String, RawDocument> found = new LinkedHashMap<>();
        long pagesRead = 0;
        for (int read = 0; ; read++) {
            LocalDateTime readFrom = gatewayNow.get();
            QimenPage first = fetch.fetch(window, 1);
            pagesRead++;
            if (halvable && first.pageCount() > flow.maxPagesPerWindow()) {
                return new WindowRead(found.values(), List.of(), pagesRead, read, true, true);
            }
            List<QimenPage> readPages = new ArrayList<>(List.of(first));
            readPages.addAll(pages.after(window, first, fetch));
            pagesRead += readPages.size() - 1;
            Map<String, RawDocument> thisRead = new LinkedHashMap<>();
            readPages.forEach(page -> keep(thisRead, page));
            thisRead.values().forEach(document -> keep(found, document));
            List<Integer> dataCounts = readPages.stream().map(QimenPage::dataCount).distinct().toList();
            boolean settled = thisRead.size() == first.dataCount() && dataCounts.size() == 1
                    || holdsNow(window, readFrom, gatewayNow.get())
                    && thisRead.size() == dataCounts.stream().mapToInt(Integer::intValue).max().orElseThrow();
            if (settled) {
                return new WindowRead(found.values(), thisRead.values(), pagesRead, read, true, false);
            }
            if (read == maxRereads) {
                LOG.warn("{} window {}: pages still drifting after {} reads ({} distinct documents read, data_count "
                        + "{} over its pages); publishing every document seen; the window stays unsettled and is read again on the next runs",
                        flow.name(), window, read + 1, thisRead.size(), dataCounts);
                return new WindowRead(found.values(), thisRead.values(), pagesRead, read, false, false);
            }
            LOG.info("{} window {}: pages drifted ({} distinct documents read, data_count {} over its pages), reading "
                    + "it again", flow.name(), window, thisRead.size(), dataCounts);
        }
    }

    /**
     * Whether the window held the gateway's clock from {@code from} to {@code to}: a document changed meanwhile
     * took a {@code modified} inside it, so none could leave it. One that starts after the clock could lose a
     * document stamped ahead of the clock when it changes.
     */
    private static boolean holdsNow(TimeWindow window, LocalDateTime from, LocalDateTime to) {
        return !window.start().isAfter(from.minus(OPEN_WINDOW_MARGIN))
                && window.end().isAfter(to.plus(OPEN_WINDOW_MARGIN));
    }

    private void keep(Map<String, RawDocument> documents, QimenPage page) {
        page.documents().forEach(document -> keep(documents, document));
    }

    /**
     * Keeps the newest version of each document, in the pipeline's one order of versions. A document without its
     * id is kept by its text, so that it is neither merged into another nor lost before it reaches the publisher,
     * which parks it.
     */
    private void keep(Map<String, RawDocument> documents, RawDocument document) {
        JsonNode idValue = document.fields().get(flow.idField());
        String id = idValue == null || idValue.isNull() || idValue.asText().isEmpty()
                ? NO_ID + document.text() : idValue.asText();
        documents.merge(id, document, (seen, candidate) ->
                DocumentVersion.isNewer(candidate.fields(), seen.fields()) ? candidate : seen);
    }
}
