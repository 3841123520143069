package io.jstpipeline.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.app.local.LocalPipeline;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.ExtractionListener;
import io.jstpipeline.extractor.ExtractionResult;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.FlowDefinition;
import io.jstpipeline.extractor.TimeWindow;
import io.jstpipeline.sandbox.SandboxOptions;
import io.jstpipeline.transformer.table.TableDefinition;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The demo's steps, apart from the command line so that the integration tests run exactly them. */
final class DemoRun {

    /** How the table ended up against what the sandbox holds. */
    record Outcome(long rowsInTable, Set<String> missing, Set<String> extra, long deadLetters) {
        boolean matches() {
            return missing.isEmpty() && extra.isEmpty();
        }
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(2);

    private final LocalPipeline pipeline;
    private final ExtractorService extractor;
    private final PrintWriter out;

    DemoRun(LocalPipeline pipeline, ExtractorService extractor, PrintWriter out) {
        this.pipeline = pipeline;
        this.extractor = extractor;
        this.out = out;
    }

    /**
     * The demo's sandbox: documents modified over the last 30 days, none in the last two minutes, which
     * the extractor's safety lag leaves for the next run.
     */
    static SandboxOptions sandbox(int saleouts, int orders, long seed) {
        LocalDateTime now = QimenTime.now();
        return SandboxOptions.defaults().withPort(0).withSaleoutCount(saleouts).withOrderCount(orders).withSeed(seed)
                .withRange(now.minusDays(30), now.minusMinutes(2));
    }

    /** One incremental run of every flow from the sandbox's first day, with a line per window done. */
    Map<String, ExtractionResult> extractAll() throws InterruptedException {
        Map<String, ExtractionResult> results = new LinkedHashMap<>();
        for (FlowDefinition flow : LocalPipeline.FLOWS) {
            out.printf("Extracting %s (%s)...%n", flow.name(), flow.method());
            results.put(flow.name(), extractor.runner(flow.name()).incremental(new ExtractionListener() {
                private int windows;

                @Override
                public void started(List<TimeWindow> planned, int alreadyDone) {
                    windows = planned.size();
                }

                @Override
                public void windowHalved(TimeWindow window, List<TimeWindow> halves) {
                    windows++;
                }

                @Override
                public void windowDone(TimeWindow window, ExtractionResult totals) {
                    out.printf("  %s: window %d/%d done, %,d documents, %,d pages%n",
                            flow.name(), totals.windows(), windows, totals.documents(), totals.pages());
                }
            }));
        }
        return results;
    }

    /** Waits until the table holds every expected row (or the timeout passes), showing progress. */
    Outcome awaitRows(Set<String> expected, Duration timeout) throws Exception {
        TableDefinition table = LocalPipeline.TABLE;
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = 0;
        long rows = pipeline.tableRows().count(table.name());
        long deadLetters = pipeline.deadLetters();
        while (rows + deadLetters < expected.size() && System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextReport) {
                out.printf("  load: %,d of %,d rows in %s, %,d dead letters%n", rows, expected.size(), table.name(),
                        deadLetters);
                nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
            }
            Thread.sleep(POLL.toMillis());
            rows = pipeline.tableRows().count(table.name());
            deadLetters = pipeline.deadLetters();
        }
        Set<String> actual = pipeline.tableRows().ids(table.name(), table.idColumn());
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new HashSet<>(actual);
        extra.removeAll(expected);
        return new Outcome(actual.size(), missing, extra, deadLetters);
    }

    /** The row ids the sandbox's notes expand to: one per item. */
    static Set<String> expectedRowIds(List<? extends JsonNode> notes) {
        TableDefinition table = LocalPipeline.TABLE;
        Set<String> ids = new HashSet<>();
        for (JsonNode note : notes) {
            for (JsonNode item : note.path("items")) {
                ids.add(table.rowId(note.path(table.documentIdField()).asText(), item.path(table.itemIdField()).asText()));
            }
        }
        return ids;
    }
}
