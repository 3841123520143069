package io.jstpipeline.extractor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every page of one time window and makes sure no document slipped through. While pages are read by
 * {@code modified}, a document that changes leaves the window and the following pages shift by one, so a
 * document can be skipped unseen (Jushuitan's own docs warn of it). A read is settled when the distinct
 * documents read equal {@code data_count}, and {@code data_count} did not change from the first page to the
 * last; otherwise the window is read again, up to a bound. What every read found is kept, newest version of
 * each document first.
 */
final class WindowReader {

    private static final Logger LOG = LoggerFactory.getLogger(WindowReader.class);
    private static final String TS = "ts";

    /** One window's outcome: its documents, or the news that it holds too many pages to read whole. */
    record WindowRead(Collection<RawDocument> documents, long pages, int rereads, boolean settled,
                      boolean tooLarge) {
    }

    private final FlowDefinition flow;
    private final Function<PageRequest, QimenPage> fetch;
    private final int maxRereads;

    /** A page of a window, as the fetch function gets asked for it. */
    record PageRequest(TimeWindow window, int pageIndex) {
    }

    WindowReader(FlowDefinition flow, Function<PageRequest, QimenPage> fetch, int maxRereads) {
        this.flow = flow;
        this.fetch = fetch;
        this.maxRereads = maxRereads;
    }

    /** @param halvable whether the window may be reported too large (a window too short to halve is read whole) */
    WindowRead read(TimeWindow window, boolean halvable) {
        Map<String, RawDocument> found = new LinkedHashMap<>();
        long pages = 0;
        for (int read = 0; ; read++) {
            QimenPage first = fetch.apply(new PageRequest(window, 1));
            pages++;
            if (halvable && first.pageCount() > flow.maxPagesPerWindow()) {
                return new WindowRead(found.values(), pages, read, true, true);
            }
            Map<String, RawDocument> thisRead = new LinkedHashMap<>();
            QimenPage last = first;
            keep(thisRead, first);
            while (last.hasNext()) {
                last = fetch.apply(new PageRequest(window, last.pageIndex() + 1));
                pages++;
                keep(thisRead, last);
            }
            thisRead.values().forEach(document -> keep(found, document));
            boolean settled = thisRead.size() == first.dataCount() && last.dataCount() == first.dataCount();
            if (settled) {
                return new WindowRead(found.values(), pages, read, true, false);
            }
            if (read == maxRereads) {
                LOG.warn("{} window {}: pages still drifting after {} reads ({} distinct documents read, data_count "
                        + "{} then {}); publishing every document seen, moved ones follow in a later run",
                        flow.name(), window, read + 1, thisRead.size(), first.dataCount(), last.dataCount());
                return new WindowRead(found.values(), pages, read, false, false);
            }
            LOG.info("{} window {}: pages drifted ({} distinct documents read, data_count {} then {}), reading it again",
                    flow.name(), window, thisRead.size(), first.dataCount(), last.dataCount());
        }
    }

    private void keep(Map<String, RawDocument> documents, QimenPage page) {
        page.documents().forEach(document -> keep(documents, document));
    }

    /** Keeps the newest version of each document by its row version {@code ts}. */
    private void keep(Map<String, RawDocument> documents, RawDocument document) {
        String id = document.tree().path(flow.idField()).asText();
        documents.merge(id, document, (seen, candidate) -> ts(candidate) > ts(seen) ? candidate : seen);
    }

    private static long ts(RawDocument document) {
        JsonNode ts = document.tree().get(TS);
        return ts == null ? Long.MIN_VALUE : ts.asLong();
    }
}
