package io.jstpipeline.app.full;

import io.jstpipeline.app.ServiceOptions;
import io.jstpipeline.bench.ApiPaceRun;
import io.jstpipeline.bench.Benchmark;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jst-pipeline bench}: the pipeline's throughput against the database's ceiling and the naive loop. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure rows/s into MySQL three ways on one database: the database's ceiling (batched "
                + "upserts from memory over 1, 2 and 4 connections), the naive loop (a row per autocommitted upsert) "
                + "and the whole pipeline (sandbox, no rate limit), with 1, 2 and 4 partitions and sink tasks, and "
                + "the orders flow in a shape of its own; on the first of 2 partitions or more, the row sink beside "
                + "the standard sink (Debezium's JDBC sink) on the same rows.",
                "See BENCHMARKS.md for results and how to read them."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--notes", description = "Outbound notes in the data set (about 2 rows each; the default "
            + "makes about 300,000 rows). Default: ${DEFAULT-VALUE}.")
    int notes = 150_000;

    @Option(names = "--naive-sample", description = "Rows the naive loop writes. Default: ${DEFAULT-VALUE}.")
    long naiveSample = 20_000;

    @Option(names = "--scale", split = ",", description = "Partitions (= stream threads = sink tasks) of each "
            + "pipeline run. Default: 1,2,4.")
    List<Integer> scale = List.of(1, 2, 4);

    @Option(names = "--orders", description = "Orders in the orders flow's data set (about 3 rows each, into two "
            + "tables), moved after the notes in a shape of their own; 0: none. Default: ${DEFAULT-VALUE}.")
    int orders = 100_000;

    @Option(names = "--orders-scale", description = "Partitions (= stream threads = sink tasks) of the orders' "
            + "pipeline run. Default: ${DEFAULT-VALUE}.")
    int ordersScale = 2;

    @Option(names = "--seed", description = "Seed of the data set. Default: ${DEFAULT-VALUE}.")
    long seed = 7;

    @Option(names = "--quick", description = "A smoke run for CI: 1,000 notes, a 500-row naive sample, one "
            + "pipeline run with 1 partition, 300 orders with 1 partition, no warm-up. Its figures mean nothing.")
    boolean quick;

    @Option(names = "--warmup-notes", description = "Notes (of other ids) each pipeline moves into the table "
            + "before its measured run, which then starts on the emptied table; 0: none. Default: ${DEFAULT-VALUE}.")
    int warmupNotes = 100_000;

    @Option(names = "--api-pace", description = "Instead: a backfill at the pace of the API budget. The sandbox "
            + "enforces Jushuitan's limits (5 calls/s, 100/min) and keeps changing documents; the extractor runs as "
            + "the extract service (each flow on its interval, the shipped call policy) through the whole pipeline. "
            + "Prints calls per minute against the budget, refusals, documents per minute against page size x 100 "
            + "and the changed documents' freshness (modified to the row in MySQL). With --quick: 1 minute of "
            + "calls and 100 s of polling after it.")
    boolean apiPace;

    @Option(names = "--api-pace-minutes", description = "Minutes of calls the --api-pace backfill needs at 100 "
            + "calls a minute: half of them pages of outbound notes (50 a page), half of orders (100 a page), so "
            + "2,500 notes and 5,000 orders a minute. Default: ${DEFAULT-VALUE}.")
    int apiPaceMinutes = 6;

    @Option(names = "--api-pace-steady", description = "How long --api-pace polls on after the backfill, whose "
            + "changed documents' freshness is the goal's. Default: ${DEFAULT-VALUE}.")
    Duration apiPaceSteady = Duration.ofMinutes(4);

    @Option(names = "--timeout", description = "Longest a pipeline run (with --api-pace: the backfill) may take. "
            + "Default: ${DEFAULT-VALUE}.")
    Duration timeout = Duration.ofMinutes(15);

    /** Optional: given, the benchmark writes to this database instead of an embedded MariaDB. */
    @Mixin
    ServiceOptions.Database database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (apiPace) {
            new ApiPaceRun(quick ? new ApiPaceRun.Settings(1, Duration.ofSeconds(100), 1, seed, timeout, target())
                    : new ApiPaceRun.Settings(apiPaceMinutes, apiPaceSteady, 1, seed, timeout, target()), out).run();
            return 0;
        }
        Benchmark.Settings settings = quick
                ? new Benchmark.Settings(1_000, 500, List.of(shape("--scale", 1)), seed, timeout, target(), 0, 300,
                        shape("--orders-scale", 1))
                : new Benchmark.Settings(notes, naiveSample, scale.stream().map(p -> shape("--scale", p)).toList(),
                        seed, timeout, target(), warmupNotes, orders, shape("--orders-scale", ordersScale));
        Benchmark.print(new Benchmark(settings, out).run(), out);
        return 0;
    }

    private DatabaseTarget target() {
        return database.given() ? database.target() : null;
    }

    private static DemoPipeline.Shape shape(String option, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException(option + ": partitions must be at least 1, got " + partitions);
        }
        return new DemoPipeline.Shape(partitions, partitions, partitions);
    }
}
