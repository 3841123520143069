package io.jstpipeline.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.flow.ExtractionResult;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.flow.FlowExtractor;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.RateLimits;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * {@code bench --api-pace}: a backfill at the pace of the merchant's API budget. The sandbox enforces Jushuitan's
 * limits (5 calls a second, 100 a minute) and keeps changing documents; the extractor runs as the extract service
 * does (every flow on its interval, the shipped call policy and page concurrency) through the whole embedded
 * pipeline, first through a backfill of both flows sized for {@code callMinutes} minutes of calls, then on, polling,
 * for {@code steadyPhase}.
 *
 * <p>Calls are counted at the sandbox, sampled every {@value #SAMPLE_MILLIS} ms; a document's freshness is from its
 * {@code modified} at the sandbox to the arrival of its rows in MySQL, which the database stamps in a column of each
 * table ({@value PipelineRun#ARRIVED}, set on insert and on every update that changes the row).
 */
public final class ApiPaceRun {

    /**
     * What to run. {@code database} null means an embedded MariaDB.
     *
     * @param callMinutes      minutes of calls the backfill's documents need at the budget, half for each flow
     * @param steadyPhase      how long the extractor polls on after the backfill, the sandbox changing documents
     * @param changesPerSecond documents the sandbox creates or changes a second, all along
     */
    public record Settings(int callMinutes, Duration steadyPhase, double changesPerSecond, long seed,
                           Duration timeout, DatabaseTarget database) {
    }

    private static final long SAMPLE_MILLIS = 100;
    /** Jushuitan's refusals over the call limits, as the sandbox answers them: per second, per minute. */
    private static final List<Integer> CALL_LIMIT_CODES = List.of(199, 200);
    private static final String NOTES = "saleout";
    private static final String ORDERS = "order";

    private final Settings settings;
    private final PrintWriter out;

    public ApiPaceRun(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    public void run() throws Exception {
        BenchDatabase.run(settings.database(), out, database -> {
            run(database);
            return null;
        });
    }

    private void run(DatabaseTarget database) throws Exception {
        Map<String, FlowDefinition> flows = new LinkedHashMap<>();
        DemoPipeline.FLOWS.forEach(flow -> flows.put(flow.name(), flow));
        CallLimits limits = QimenCallPolicy.Settings.defaults().limits();
        int budget = limits.callsPerMinute();
        // Half the budget's calls for each flow, each page full.
        int notes = settings.callMinutes() * budget / 2 * flows.get(NOTES).pageSize();
        int orders = settings.callMinutes() * budget / 2 * flows.get(ORDERS).pageSize();
        PipelineRun.dropTables(database);
        out.println("Starting the pipeline (broker, Connect worker, transformer)...");
        out.flush();
        try (DemoPipeline pipeline = DemoPipeline.start(database, DemoPipeline.Shape.DEFAULT, ApiPaceRun::stampedDdl)) {
            SandboxOptions sandbox = SandboxOptions.defaults().withSeed(settings.seed()).withSaleoutCount(notes)
                    .withOrderCount(orders).withRateLimits(RateLimits.jushuitan())
                    .withChangesPerSecond(settings.changesPerSecond());
            out.printf("Generating %,d outbound notes and %,d orders (%d minutes of calls at %d a minute), the "
                    + "sandbox at Jushuitan's limits (%s), %.1f changes a second...%n", notes, orders,
                    settings.callMinutes(), budget, sandbox.rateLimits(), settings.changesPerSecond());
            out.flush();
            try (QimenGateway gateway = QimenGateway.start(sandbox);
                 ExtractorService extractor = pipeline.extractor(DemoPipeline.credentialsOf(gateway),
                         new QimenCallPolicy(QimenCallPolicy.Settings.defaults()), "bench-pace", sandbox.from(),
                         PagePool.DEFAULT_CONCURRENCY)) {
                out.printf("extractor: every flow on its interval (%s), the shipped call policy (%s), %d pages at "
                        + "a time%n", describeIntervals(flows), limits.limits(), PagePool.DEFAULT_CONCURRENCY);
                out.flush();
                measure(gateway, extractor, flows, budget, database);
            }
        }
    }

    private void measure(QimenGateway gateway, ExtractorService extractor, Map<String, FlowDefinition> flows,
                         int budget, DatabaseTarget database) throws Exception {
        List<ApiPace.Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        samples.add(new ApiPace.Sample(started, gateway.calls()));
        extractor.schedule();
        long deadline = started + settings.timeout().toNanos();
        long lastReport = started;
        Map<String, ExtractionResult> backfill = null;
        long backfillEnd = 0;
        LocalDateTime backfillEndChina = null;
        long steadyEnd = Long.MAX_VALUE;
        while (System.nanoTime() < steadyEnd) {
            if (backfill == null && System.nanoTime() > deadline) {
                throw new TimeoutException("the backfill did not end within " + settings.timeout() + ": "
                        + extractor.status());
            }
            Thread.sleep(SAMPLE_MILLIS);
            long now = System.nanoTime();
            samples.add(new ApiPace.Sample(now, gateway.calls()));
            if (backfill == null) {
                backfill = firstRuns(extractor);
                if (backfill != null) {
                    backfillEnd = now;
                    backfillEndChina = QimenTime.now();
                    steadyEnd = now + settings.steadyPhase().toNanos();
                    out.printf("    backfill done after %.0f s: %s; polling on for %d s...%n", (now - started) / 1e9,
                            backfill, settings.steadyPhase().toSeconds());
                    out.flush();
                }
            }
            if (now - lastReport > 15_000_000_000L) {
                lastReport = now;
                out.printf("    %.0f s: %,d calls at the sandbox%n", (now - started) / 1e9, gateway.calls());
                out.flush();
            }
        }
        gateway.stopChanges();
        out.println("    changes stopped; waiting for the last changed documents' rows...");
        out.flush();

        long from = ApiPace.beforeFirstCall(samples);
        List<Long> minutes = ApiPace.callsPerWholeMinute(samples, from, backfillEnd);
        double callsPerMinute = ApiPace.mean(minutes);
        Map<Integer, Long> refusals = gateway.refusals();
        long overLimits = CALL_LIMIT_CODES.stream().mapToLong(code -> refusals.getOrDefault(code, 0L)).sum();

        Map<String, Long> pages = new LinkedHashMap<>();
        Map<String, Integer> pageSizes = new LinkedHashMap<>();
        long documents = 0;
        for (Map.Entry<String, ExtractionResult> flow : backfill.entrySet()) {
            pages.put(flow.getKey(), flow.getValue().pages());
            pageSizes.put(flow.getKey(), flows.get(flow.getKey()).pageSize());
            documents += flow.getValue().documents();
        }
        double backfillMinutes = (backfillEnd - from) / 60e9;
        double documentsPerMinute = documents / backfillMinutes;
        double physicalLimit = ApiPace.physicalLimitPerMinute(pages, pageSizes, budget);

        LocalDateTime firstCallChina = backfillEndChina.minusNanos(backfillEnd - from);
        Map<String, LocalDateTime> changed = changedDocuments(gateway, firstCallChina);
        Map<String, Long> arrivals = awaitArrivals(database, changed, flows);
        List<Long> duringBackfill = new ArrayList<>();
        List<Long> afterBackfill = new ArrayList<>();
        for (Map.Entry<String, Long> arrival : arrivals.entrySet()) {
            LocalDateTime modified = changed.get(arrival.getKey());
            long millis = arrival.getValue() - modified.atZone(QimenTime.ZONE).toInstant().toEpochMilli();
            (modified.isBefore(backfillEndChina) ? duringBackfill : afterBackfill).add(millis);
        }
        Duration interval = flows.values().stream().map(FlowDefinition::interval).max(Duration::compareTo)
                .orElseThrow();

        out.println();
        out.printf("calls: %.1f a minute against the budget of %d: %.2f of the API budget (counted at the sandbox, "
                        + "over the %d whole minutes from the first call to the backfill's end, %.0f s later; the "
                        + "last partial minute left out; minute by minute %s)%n",
                callsPerMinute, budget, callsPerMinute / budget, minutes.size(), (backfillEnd - from) / 1e9, minutes);
        out.printf("refusals: %d over the call limits (codes %s at the sandbox); every refusal by code: %s%n",
                overLimits, CALL_LIMIT_CODES, refusals);
        out.printf("documents: %,.0f a minute against the physical limit of %,.0f (page size x %d: %s, each "
                        + "flow's page size weighed by its share of the pages): %.2f of it; %,d documents in %s pages%n",
                documentsPerMinute, physicalLimit, budget, describePageSizes(pageSizes), documentsPerMinute / physicalLimit,
                documents, pages);
        ApiPace.Freshness steady = ApiPace.Freshness.of(afterBackfill);
        ApiPace.Freshness busy = ApiPace.Freshness.of(duringBackfill);
        long goalMillis = interval.plusSeconds(10).toMillis();
        out.printf("freshness (modified at the sandbox to the rows in MySQL), %d documents changed after the "
                        + "backfill: p50 %.1f s, p95 %.1f s, max %.1f s; goal p95 <= the poll interval %d s + 10 s: "
                        + "%s%n", steady.documents(), steady.p50Millis() / 1e3, steady.p95Millis() / 1e3,
                steady.maxMillis() / 1e3, interval.toSeconds(), steady.p95Millis() <= goalMillis ? "met" : "NOT met");
        out.printf("freshness, %d documents changed during the backfill (their flow's next run waits for the "
                        + "backfill's calls): p50 %.1f s, p95 %.1f s, max %.1f s%n", busy.documents(),
                busy.p50Millis() / 1e3, busy.p95Millis() / 1e3, busy.maxMillis() / 1e3);
        out.printf("changed documents whose rows arrived: %,d of %,d (changes made: %s)%n", arrivals.size(),
                changed.size(), gateway.changesMade());
        out.printf("freshness is bounded by: the poll interval (%s, each flow's run starting that long after its "
                        + "last one ended, the flows taking turns on one thread), the run's own calls within the "
                        + "budget (a window whose pages drift, a document having left it, is read up to %d times a "
                        + "run; the one holding now only gains documents and is read once), and the pipeline's "
                        + "latency. The safety lag (%d s) and the lookback (%d min) move only the cursor: each run "
                        + "reads on %d day past it and publishes what it sees. "
                        + "modified is to the second, so each figure may be up to 1 s long.%n",
                interval, FlowExtractor.DEFAULT_MAX_REREADS + 1, WindowPlanner.DEFAULT_SAFETY_LAG.toSeconds(),
                WindowPlanner.DEFAULT_LOOKBACK.toMinutes(), WindowPlanner.DEFAULT_READ_AHEAD.toDays());
        out.flush();
    }

    /** Each flow's first run, once every flow has had one: the backfill; null until then. */
    private static Map<String, ExtractionResult> firstRuns(ExtractorService extractor) {
        Map<String, ExtractionResult> runs = new LinkedHashMap<>();
        for (ExtractorService.FlowStatus flow : extractor.status()) {
            if (flow.lastRunEnded() == null) {
                return null;
            }
            if (flow.lastRun() == null) {
                throw new IllegalStateException(flow.flow() + "'s backfill failed: " + flow.lastError());
            }
            runs.put(flow.flow(), flow.lastRun());
        }
        return runs;
    }

    /** The documents last modified at or after {@code since}, as the sandbox holds them now: flow/id to modified. */
    private static Map<String, LocalDateTime> changedDocuments(QimenGateway gateway, LocalDateTime since) {
        Map<String, LocalDateTime> changed = new HashMap<>();
        collect(changed, NOTES, "io_id", gateway.saleouts(), since);
        collect(changed, ORDERS, "o_id", gateway.orders(), since);
        return changed;
    }

    private static void collect(Map<String, LocalDateTime> changed, String flow, String idField,
                                List<ObjectNode> documents, LocalDateTime since) {
        for (ObjectNode document : documents) {
            LocalDateTime modified = QimenTime.parse(document.get("modified").asText());
            if (!modified.isBefore(since)) {
                changed.put(flow + "/" + document.get(idField).asLong(), modified);
            }
        }
    }

    /**
     * Waits, up to two poll intervals and a minute, until every changed document's rows show its last version, then
     * answers when each arrived (epoch millis, by the database's clock): its rows' latest stamp, over every table of
     * its flow. A document whose rows show an older version has not arrived.
     */
    private Map<String, Long> awaitArrivals(DatabaseTarget database, Map<String, LocalDateTime> changed,
                                            Map<String, FlowDefinition> flows) throws Exception {
        Duration longest = flows.values().stream().map(FlowDefinition::interval).max(Duration::compareTo)
                .orElseThrow().multipliedBy(2).plusMinutes(1);
        LocalDateTime since = changed.values().stream().min(LocalDateTime::compareTo).orElse(QimenTime.now());
        long deadline = System.nanoTime() + longest.toNanos();
        try (Connection c = new TableRows(database).connect()) {
            while (true) {
                Map<String, Long> arrived = arrivals(c, changed, since);
                if (arrived.size() == changed.size() || System.nanoTime() > deadline) {
                    return arrived;
                }
                Thread.sleep(3000);
            }
        }
    }

    private static Map<String, Long> arrivals(Connection c, Map<String, LocalDateTime> changed, LocalDateTime since)
            throws SQLException {
        Map<String, LocalDateTime> shown = new HashMap<>();
        Map<String, Long> latest = new HashMap<>();
        Map<String, Integer> tablesShowing = new HashMap<>();
        Map<String, Long> tablesOfFlow = new HashMap<>();
        DemoPipeline.MAPPINGS.tables().forEach(table -> tablesOfFlow.merge(table.flow(), 1L, Long::sum));
        for (TableMapping table : DemoPipeline.MAPPINGS.tables()) {
            String sql = "SELECT " + table.documentId() + ", MIN(modified), MAX(modified), ROUND(UNIX_TIMESTAMP(MAX("
                    + PipelineRun.ARRIVED + ")) * 1000) FROM " + table.name() + " WHERE modified >= ? GROUP BY "
                    + table.documentId();
            try (PreparedStatement query = c.prepareStatement(sql)) {
                query.setObject(1, since);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        String key = table.flow() + "/" + rs.getLong(1);
                        LocalDateTime oldest = rs.getObject(2, LocalDateTime.class);
                        // Every row of every table of the document at its last version, or it has not arrived.
                        LocalDateTime version = oldest.equals(rs.getObject(3, LocalDateTime.class)) ? oldest : null;
                        shown.merge(key, version == null ? LocalDateTime.MIN : version,
                                (a, b) -> a.equals(b) ? a : LocalDateTime.MIN);
                        latest.merge(key, rs.getLong(4), Math::max);
                        tablesShowing.merge(key, 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, Long> arrived = new HashMap<>();
        changed.forEach((key, modified) -> {
            String flow = key.substring(0, key.indexOf('/'));
            if (modified.equals(shown.get(key)) && tablesShowing.get(key) == tablesOfFlow.get(flow).intValue()) {
                arrived.put(key, latest.get(key));
            }
        });
        return arrived;
    }

    /** The table as the pipeline makes it, plus the arrival stamp the database fills on insert and on change. */
    private static String stampedDdl(TableMapping mapping) {
        return PipelineRun.restamped(TableDdl.createTable(mapping));
    }

    private static String describeIntervals(Map<String, FlowDefinition> flows) {
        return flows.values().stream().map(flow -> flow.name() + " " + flow.interval()).toList().toString();
    }

    private static String describePageSizes(Map<String, Integer> pageSizes) {
        return pageSizes.entrySet().stream().map(flow -> flow.getKey() + " " + flow.getValue()).toList().toString();
    }
}
