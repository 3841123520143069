package io.jstpipeline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.ExtractionResult;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.TruthCheck;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The demo's steps, apart from the command line so that the integration tests run exactly them. */
public final class DemoRun {

    /** How one table ended up against what the sandbox holds. */
    public record TableOutcome(String table, long expected, long rowsInTable, Set<String> missing, Set<String> extra) {
        public boolean matches() {
            return missing.isEmpty() && extra.isEmpty();
        }
    }

    /**
     * The pipeline settled against the sandbox's truth: every table against the documents, and the messy documents
     * and every dead letter accounted for.
     */
    public record Settled(List<TruthCheck.TableResult> tables, TruthCheck.MessyResult messy) {
        public boolean matches() {
            return tables.stream().allMatch(TruthCheck.TableResult::matches) && messy.accountedFor();
        }
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(2);
    private static final Duration ROUND_PAUSE = Duration.ofSeconds(5);
    private static final Duration SETTLE_MARGIN = Duration.ofSeconds(3);

    private final DemoPipeline pipeline;
    private final ExtractorService extractor;
    private final PrintWriter out;

    public DemoRun(DemoPipeline pipeline, ExtractorService extractor, PrintWriter out) {
        this.pipeline = pipeline;
        this.extractor = extractor;
        this.out = out;
    }

    /**
     * The demo's sandbox: documents modified over the last 30 days, none in the last two minutes, which
     * the extractor's safety lag leaves for the next run.
     */
    public static SandboxOptions sandbox(int saleouts, int orders, long seed) {
        LocalDateTime now = QimenTime.now();
        return SandboxOptions.defaults().withPort(0).withSaleoutCount(saleouts).withOrderCount(orders).withSeed(seed)
                .withRange(now.minusDays(30), now.minusMinutes(2));
    }

    /** One incremental run of every flow from the sandbox's first day, with a line per window done. */
    public Map<String, ExtractionResult> extractAll() throws InterruptedException {
        Map<String, ExtractionResult> results = new LinkedHashMap<>();
        for (FlowDefinition flow : DemoPipeline.FLOWS) {
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

    /**
     * With the sandbox changing its documents: every flow is extracted again and again while the changes go on for
     * {@code changesFor}; then the changes stop, and once the extractor's safety lag has passed the last change one
     * more run of every flow reads it. Then the tables are compared with the sandbox's truth (what it serves now,
     * and what each messy document should become) until they match it or {@code timeout} passes.
     */
    public Settled changeThenSettle(QimenGateway gateway, Duration changesFor, Duration timeout) throws Exception {
        long changesEnd = System.nanoTime() + changesFor.toNanos();
        while (System.nanoTime() < changesEnd) {
            extractQuietly();
            out.printf("  changes so far: %s%n", gateway.changesMade());
            Thread.sleep(Math.min(ROUND_PAUSE.toMillis(), Math.max(0, (changesEnd - System.nanoTime()) / 1_000_000)));
        }
        gateway.stopChanges();
        LocalDateTime lastChange = QimenTime.now();
        Duration wait = Duration.between(QimenTime.now(), lastChange.plus(WindowPlanner.DEFAULT_SAFETY_LAG))
                .plus(SETTLE_MARGIN);
        out.printf("Changes stopped (%s); waiting %d s until the extractor's safety lag has passed the last one...%n",
                gateway.changesMade(), wait.toSeconds());
        Thread.sleep(wait.toMillis());
        extractQuietly();

        Map<String, List<? extends JsonNode>> truth = Map.of("saleout", gateway.saleouts(), "order", gateway.orders());
        List<JsonNode> messy = new ArrayList<>();
        Json.MAPPER.valueToTree(gateway.messy()).forEach(messy::add);
        TruthCheck check = new TruthCheck(DemoPipeline.MAPPINGS, pipeline.tableRows());
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = 0;
        Settled settled = new Settled(check.compare(truth), check.accountFor(messy, pipeline.deadLetterRecords()));
        while (!settled.matches() && System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextReport) {
                settled.tables().forEach(result -> out.println("  " + result.summary()));
                out.println("  " + settled.messy().summary());
                nextReport = System.nanoTime() + REPORT_EVERY.toNanos() * 5;
            }
            Thread.sleep(POLL.toMillis());
            settled = new Settled(check.compare(truth), check.accountFor(messy, pipeline.deadLetterRecords()));
        }
        return settled;
    }

    private void extractQuietly() throws InterruptedException {
        for (FlowDefinition flow : DemoPipeline.FLOWS) {
            ExtractionResult result = extractor.runner(flow.name()).incremental(ExtractionListener.NONE);
            out.printf("  %s: %,d documents in %,d pages, %d windows re-read for drift%n", flow.name(),
                    result.documents(), result.pages(), result.rereads());
        }
    }

    /** Waits until every table holds its expected rows (or the timeout passes), showing progress. */
    public List<TableOutcome> awaitRows(Map<String, Set<String>> expected, Duration timeout) throws Exception {
        long total = expected.values().stream().mapToLong(Set::size).sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = 0;
        long rows = rowsInTables(expected.keySet());
        while (rows + pipeline.deadLetters() < total && System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextReport) {
                out.printf("  load: %,d of %,d rows in %d tables, %,d dead letters%n", rows, total, expected.size(),
                        pipeline.deadLetters());
                nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
            }
            Thread.sleep(POLL.toMillis());
            rows = rowsInTables(expected.keySet());
        }
        List<TableOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, Set<String>> table : expected.entrySet()) {
            Set<String> actual = pipeline.tableRows().ids(table.getKey(), TableMapping.ID_COLUMN);
            Set<String> missing = new HashSet<>(table.getValue());
            missing.removeAll(actual);
            Set<String> extra = new HashSet<>(actual);
            extra.removeAll(table.getValue());
            outcomes.add(new TableOutcome(table.getKey(), table.getValue().size(), actual.size(), missing, extra));
        }
        return outcomes;
    }

    private long rowsInTables(Set<String> tables) throws Exception {
        long rows = 0;
        for (String table : tables) {
            rows += pipeline.tableRows().count(table);
        }
        return rows;
    }

    /**
     * The row ids each table should hold for the sandbox's documents, written out here apart from the
     * mapping file so that the demo checks the transformer rather than repeats it.
     */
    public static Map<String, Set<String>> expectedRowIds(List<? extends JsonNode> saleouts, List<? extends JsonNode> orders) {
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        ids.put("saleout_list_query", idsOf(saleouts, "io_id", "items", "ioi_id", null));
        ids.put("order_list_query", idsOf(orders, "o_id", "pays", "pay_id", "none"));
        ids.put("order_item_list_query", idsOf(orders, "o_id", "items", "oi_id", null));
        return ids;
    }

    private static Set<String> idsOf(List<? extends JsonNode> documents, String documentId, String array,
                                     String elementId, String whenEmpty) {
        Set<String> ids = new HashSet<>();
        for (JsonNode document : documents) {
            String prefix = document.path(documentId).asText() + "-";
            document.path(array).forEach(element -> ids.add(prefix + element.path(elementId).asText()));
            if (whenEmpty != null && document.path(array).isEmpty()) {
                ids.add(prefix + whenEmpty);
            }
        }
        return ids;
    }
}
