package io.jstpipeline.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;

/**
 * One benchmark run, in one process against one database: the database's ceiling for the rows of
 * {@code notes} outbound notes, the naive loop on a sample, and the whole pipeline in each shape, each shape
 * beside the ceiling and the naive loop measured again just before it; on one shape
 * ({@link SinkComparison#shapeFor}), the row sink beside the standard sink on the rows it moved; then the same for
 * {@code orders} orders, a flow of two tables, in one shape.
 */
public final class Benchmark {

    /** What to run. {@code database} null means an embedded MariaDB. */
    public record Settings(int notes, long naiveSampleRows, List<DemoPipeline.Shape> shapes, long seed,
                           Duration timeout, DatabaseTarget database, int warmupNotes, int orders,
                           DemoPipeline.Shape ordersShape) {
    }

    /** What came out, one line each, for the report; {@code orders} null when the settings asked for none. */
    public record Results(long rows, DatabaseCeiling.Result ceiling, DatabaseCeiling.GuardCost guardCost,
                          Throughput naive, List<ShapeRun> pipeline, OrdersRun orders,
                          long peakHeapBytes, long peakRssBytes) {
    }

    /** The orders' own ceiling, measured just before their pipeline run, and that run. */
    public record OrdersRun(DatabaseCeiling.Result ceiling, ShapeRun run) {
    }

    /**
     * A pipeline run and the ceiling and naive loop measured again just before it. This VM's speed drifts by a
     * third within minutes (BENCHMARKS.md), so a shape is compared with yardsticks taken under the same drift.
     */
    public record ShapeRun(PipelineRun.Result run, Throughput ceiling, Throughput naive) {
    }

    /** Added to the warm-up's ids, so that its documents are not versions of the measured ones. */
    private static final long WARMUP_ID_OFFSET = 100_000_000L;
    /** Turns of plain and guarded upserts in the guard's cost: two, so that the drift of a minute falls on both. */
    private static final int GUARD_COST_ROUNDS = 2;
    /** Width of the report's first column, as its format strings have it. */
    private static final int NAME_WIDTH = 60;

    private final Settings settings;
    private final PrintWriter out;

    public Benchmark(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    public Results run() throws Exception {
        try (MemoryWatch memory = new MemoryWatch()) {
            return BenchDatabase.run(settings.database(), out, database -> run(database, memory));
        }
    }

    private Results run(DatabaseTarget database, MemoryWatch memory) throws Exception {
        // The range ends a day back, so that no document is too fresh for the extractor's safety lag.
        LocalDateTime to = QimenTime.now().minusDays(1).withNano(0);
        SandboxOptions sandbox = SandboxOptions.defaults().withSeed(settings.seed()).withSaleoutCount(settings.notes())
                .withRange(to.minusDays(30), to);
        out.printf("Generating %,d outbound notes in the sandbox (seed %d, no rate limit)...%n", settings.notes(),
                settings.seed());
        out.flush();
        try (QimenGateway gateway = QimenGateway.start(sandbox)) {
            out.println("1/4 database ceiling: multi-row upserts from memory, over 1, 2 and 4 connections...");
            out.flush();
            FlowLoad notes = FlowLoad.OUTBOUND_NOTES;
            DatabaseCeiling.Result ceiling = ceiling(notes, gateway, database);
            DatabaseCeiling.Way best = ceiling.best().way();
            // The ceiling wrote every row of the notes: the count every later run must reach.
            long rows = ceiling.best().throughput().rows();
            out.println("   the version guard's cost: plain and guarded upserts in turns, into an empty table and over it...");
            out.flush();
            DatabaseCeiling.GuardCost guardCost;
            try (DatabaseCeiling guarded = new DatabaseCeiling(database, notes.tables())) {
                guardCost = guarded.guardCost(gateway.saleouts(), best.rowsPerStatement(), GUARD_COST_ROUNDS);
            }

            out.printf("2/4 naive loop: a row per autocommitted upsert, on %,d rows...%n", settings.naiveSampleRows());
            out.flush();
            NaiveLoop naiveLoop = new NaiveLoop(DemoPipeline.credentialsOf(gateway),
                    FlowCatalog.builtIn().flow("saleout"), database, DemoPipeline.TABLE);
            Throughput naive = naiveLoop.measure(sandbox.from(), sandbox.to(), settings.naiveSampleRows());

            List<ShapeRun> pipeline = new ArrayList<>();
            try (QimenGateway warmup = settings.warmupNotes() > 0 ? QimenGateway.start(
                    sandbox.withSaleoutCount(settings.warmupNotes()).withIdOffset(WARMUP_ID_OFFSET)) : null) {
                PipelineRun run = new PipelineRun(notes, gateway, warmup, database, out);
                if (warmup != null) {
                    out.println("Warming up the JVM: a pipeline of its own moves the warm-up's notes, not reported...");
                    out.flush();
                    run.warmUpOnly(settings.shapes().get(0), settings.timeout());
                }
                DemoPipeline.Shape sinkComparisonShape = SinkComparison.shapeFor(settings.shapes());
                for (DemoPipeline.Shape shape : settings.shapes()) {
                    out.printf("3/4 pipeline, %s: the ceiling and the naive loop again, then the pipeline...%n",
                            describe(shape));
                    out.flush();
                    Throughput ceilingNow;
                    try (DatabaseCeiling again = new DatabaseCeiling(database, notes.tables())) {
                        ceilingNow = again.measure(gateway.saleouts(), best);
                    }
                    Throughput naiveNow = naiveLoop.measure(sandbox.from(), sandbox.to(), settings.naiveSampleRows());
                    pipeline.add(new ShapeRun(run.measure(shape, rows, settings.timeout(),
                            shape == sinkComparisonShape), ceilingNow, naiveNow));
                }
            }
            OrdersRun orders = settings.orders() == 0 ? null : orders(sandbox, database, naiveLoop);
            return new Results(rows, ceiling, guardCost, naive, pipeline, orders, memory.peakHeapBytes(),
                    MemoryWatch.peakRssBytes());
        }
    }

    /** The orders flow: a data set of its own, its ceiling over its two tables, then its pipeline run. */
    private OrdersRun orders(SandboxOptions sandbox, DatabaseTarget database, NaiveLoop naiveLoop) throws Exception {
        FlowLoad orders = FlowLoad.ORDERS;
        out.printf("4/4 orders, %s: %,d orders (rows in %s), their ceiling, the naive loop again, then the "
                        + "pipeline...%n", describe(settings.ordersShape()), settings.orders(),
                orders.tableNames());
        out.flush();
        SandboxOptions ordersOnly = sandbox.withSaleoutCount(0).withOrderCount(settings.orders());
        try (QimenGateway gateway = QimenGateway.start(ordersOnly);
             QimenGateway warmup = settings.warmupNotes() > 0 ? QimenGateway.start(
                     ordersOnly.withOrderCount(settings.warmupNotes()).withIdOffset(WARMUP_ID_OFFSET)) : null) {
            DatabaseCeiling.Result ceiling = ceiling(orders, gateway, database);
            Throughput naiveNow = naiveLoop.measure(sandbox.from(), sandbox.to(), settings.naiveSampleRows());
            PipelineRun.Result run = new PipelineRun(orders, gateway, warmup, database, out)
                    .measure(settings.ordersShape(), ceiling.best().throughput().rows(), settings.timeout(), false);
            return new OrdersRun(ceiling, new ShapeRun(run, ceiling.best().throughput(), naiveNow));
        }
    }

    /**
     * The ceiling on the gateway's documents of a flow, and the CPU seconds it took: whether it is the database's
     * limit or its client's (main and bench-ceiling: flattening and binding the rows). The documents' trees are
     * not kept for the runs after it.
     */
    private DatabaseCeiling.Result ceiling(FlowLoad flow, QimenGateway gateway, DatabaseTarget database)
            throws Exception {
        List<ObjectNode> documents = flow.documents(gateway);
        CpuByStage cpu = CpuByStage.start();
        try (DatabaseCeiling writer = new DatabaseCeiling(database, flow.tables())) {
            DatabaseCeiling.Result ceiling = writer.measure(documents);
            out.printf("%,d rows of %s; cpu seconds%s%n", ceiling.best().throughput().rows(), flow.tableNames(),
                    CpuByStage.describe(cpu.seconds()));
            return ceiling;
        }
    }

    static String describe(DemoPipeline.Shape shape) {
        return shape.partitions() + " partition" + (shape.partitions() == 1 ? "" : "s") + ", "
                + shape.streamThreads() + " stream thread" + (shape.streamThreads() == 1 ? "" : "s") + ", "
                + shape.sinkTasks() + " sink task" + (shape.sinkTasks() == 1 ? "" : "s");
    }

    /** The results as one table. */
    public static void print(Results results, PrintWriter out) {
        double naive = results.naive().rowsPerSecond();
        out.println();
        out.printf("%-" + NAME_WIDTH + "s %10s %9s %10s %9s %9s %8s %8s%n", "run", "rows", "seconds", "rows/s",
                "/ceiling", "/naive", "p50 ms", "p95 ms");
        ceilingLines(out, "database ceiling", results.ceiling(), naive);
        double ceiling = results.ceiling().best().throughput().rowsPerSecond();
        line(out, "naive loop (sample)", results.naive(), ceiling, naive, "", "");
        DatabaseCeiling.GuardCost guard = results.guardCost();
        line(out, "  plain upsert, into an empty table", guard.plainInsert(), ceiling, naive, "", "");
        line(out, "  version-guarded upsert, into an empty table", guard.guardedInsert(), ceiling, naive, "", "");
        line(out, "  plain upsert, over every row", guard.plainUpdate(), ceiling, naive, "", "");
        line(out, "  version-guarded upsert, over every row", guard.guardedUpdate(), ceiling, naive, "", "");
        for (ShapeRun shapeRun : results.pipeline()) {
            line(out, "  ceiling, just before", shapeRun.ceiling(), shapeRun.ceiling().rowsPerSecond(),
                    shapeRun.naive().rowsPerSecond(), "", "");
            runLines(out, shapeRun);
        }
        if (results.orders() != null) {
            ShapeRun orders = results.orders().run();
            ceilingLines(out, "orders' ceiling", results.orders().ceiling(), orders.naive().rowsPerSecond());
            runLines(out, orders);
        }
        List<PipelineRun.Result> runs = results.pipeline().stream().map(ShapeRun::run).toList();
        if (!runs.isEmpty()) {
            printBestAgainstAllSamples(results, runs, out);
        }
        List<PipelineRun.Result> all = new ArrayList<>(runs);
        if (results.orders() != null) {
            all.add(results.orders().run().run());
        }
        out.println();
        out.printf("peak heap %,d MiB; peak RSS %,d MiB%n", mib(results.peakHeapBytes()), mib(results.peakRssBytes()));
        for (PipelineRun.Result run : all) {
            out.printf("live heap, %s: %,d MiB after 10%% of the rows, %,d MiB after all (%.2fx)%n", describe(run),
                    mib(run.liveHeapAtTenth()), mib(run.liveHeapAfter()),
                    (double) run.liveHeapAfter() / run.liveHeapAtTenth());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        for (PipelineRun.Result run : all) {
            // All stages' seconds against what the cores had: near all of it, the run was bound by the CPU it
            // shares with the database, not by waiting on anything.
            out.printf("cpu seconds, %s (%.0f used of %d cores x %.0f s = %.0f)%s%n", describe(run),
                    run.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum(), cores,
                    run.throughput().took().toMillis() / 1000.0, cores * run.throughput().took().toMillis() / 1000.0,
                    CpuByStage.describe(run.cpuSeconds()));
        }
        for (PipelineRun.Result run : all) {
            PipelineCost cost = PipelineCost.of(run.cpuSeconds(), run.throughput().rows());
            out.printf("cpu seconds per 100k rows, %s:%s; %s%n", describe(run), cost.describePer100k(),
                    cost.describeRatio());
        }
        out.flush();
    }

    /** Each way the ceiling was measured, against the fastest. */
    private static void ceilingLines(PrintWriter out, String name, DatabaseCeiling.Result ceiling, double naive) {
        double best = ceiling.best().throughput().rowsPerSecond();
        for (DatabaseCeiling.Sample sample : ceiling.samples()) {
            line(out, name + ", " + sample.way().describe(), sample.throughput(), best, naive, "", "");
        }
    }

    /** A pipeline run beside the naive loop measured just before it. */
    private static void runLines(PrintWriter out, ShapeRun shapeRun) {
        PipelineRun.Result run = shapeRun.run();
        double ceilingNow = shapeRun.ceiling().rowsPerSecond();
        double naiveNow = shapeRun.naive().rowsPerSecond();
        line(out, "  naive loop, just before", shapeRun.naive(), ceilingNow, naiveNow, "", "");
        line(out, "pipeline: " + describe(run), run.throughput(), ceilingNow, naiveNow,
                String.format("%.0f", run.p50Millis()), String.format("%.0f", run.p95Millis()));
        if (run.sinks() != null) {
            printSinks(run.sinks(), ceilingNow, naiveNow, out);
        }
    }

    /** A run's shape, and its documents when they are not outbound notes, which most runs move. */
    static String describe(PipelineRun.Result run) {
        return describe(run.shape()) + (run.flow() == FlowLoad.OUTBOUND_NOTES ? "" : ", " + run.flow().documents());
    }

    /** Debezium in each configuration, then the row sink, each with its CPU, then the row sink against the best. */
    private static void printSinks(SinkComparison.Result sinks, double ceiling, double naive, PrintWriter out) {
        List<SinkComparison.SinkRun> runs = new ArrayList<>(sinks.standard().values());
        runs.add(sinks.rowSink());
        for (SinkComparison.SinkRun sink : runs) {
            // A name wider than its column goes on a line of its own, its figures under the others'.
            boolean wide = sink.name().length() > NAME_WIDTH;
            if (wide) {
                out.println(sink.name());
            }
            line(out, wide ? "" : sink.name(), sink.throughput(), ceiling, naive, "", "");
            out.println("      " + sink.cpu());
        }
        out.println(sinks.summary());
        out.println(sinks.cpuSummary());
    }

    /**
     * The fastest shape against every sample of each yardstick in the run, pooled: a shape's own pair can fall
     * in a fast or slow minute of the VM, and the naive loop's samples differ by up to 1.6x within a run.
     */
    private static void printBestAgainstAllSamples(Results results, List<PipelineRun.Result> runs, PrintWriter out) {
        List<Throughput> ceilings = new ArrayList<>(List.of(results.ceiling().best().throughput()));
        List<Throughput> naives = new ArrayList<>(List.of(results.naive()));
        results.pipeline().forEach(shapeRun -> {
            ceilings.add(shapeRun.ceiling());
            naives.add(shapeRun.naive());
        });
        double ceiling = Throughput.pooled(ceilings).rowsPerSecond();
        double naive = Throughput.pooled(naives).rowsPerSecond();
        PipelineRun.Result best = runs.stream()
                .max(Comparator.comparingDouble(run -> run.throughput().rowsPerSecond())).orElseThrow();
        double rate = best.throughput().rowsPerSecond();
        out.printf("%nfastest shape (%s), %,.0f rows/s, against all the run's yardstick samples pooled:%n"
                        + "  %.2f of the ceiling's %,.0f rows/s (samples %s), %.1fx the naive loop's %,.0f (samples %s)%n",
                describe(best.shape()), rate, rate / ceiling, ceiling, range(ceilings), rate / naive, naive,
                range(naives));
        out.printf("  %s%n", PipelineCost.of(best.cpuSeconds(), best.throughput().rows()).describeRatio());
    }

    private static String range(List<Throughput> samples) {
        DoubleSummaryStatistics rates = samples.stream().mapToDouble(Throughput::rowsPerSecond).summaryStatistics();
        return String.format("%,.0f–%,.0f", rates.getMin(), rates.getMax());
    }

    private static void line(PrintWriter out, String name, Throughput t, double ceiling, double naive, String p50,
                             String p95) {
        out.printf("%-" + NAME_WIDTH + "s %,10d %9.1f %,10.0f %9.2f %9.1f %8s %8s%n", name, t.rows(),
                t.took().toMillis() / 1000.0, t.rowsPerSecond(), t.rowsPerSecond() / ceiling, t.rowsPerSecond() / naive, p50, p95);
    }

    private static long mib(long bytes) {
        return bytes < 0 ? -1 : bytes / (1024 * 1024);
    }
}
