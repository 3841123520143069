package io.jstpipeline.app.full;

import io.jstpipeline.app.MetricsEndpoint;
import io.jstpipeline.app.MetricsOptions;
import io.jstpipeline.app.ServiceOptions;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.flow.ExtractionResult;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.ops.PipelineGauges;
import io.jstpipeline.ops.TruthCheck;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.RateLimits;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jst-pipeline demo}: the whole pipeline on embedded defaults, fed by the sandbox, until every
 * row of every note is in MySQL.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything embedded: sandbox API → Kafka → Streams → Connect → MySQL/MariaDB.",
                "Prints a summary once every row is in the database, then keeps running until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--saleouts", description = "Sales outbound notes in the sandbox. Default: ${DEFAULT-VALUE}.")
    int saleouts = 2000;

    @Option(names = "--orders", description = "Sales orders in the sandbox. Default: ${DEFAULT-VALUE}.")
    int orders = 2000;

    @Option(names = "--seed", description = "Seed of the sandbox's data set. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Option(names = "--once", description = "Exit after the summary: 0 when MySQL matches the sandbox exactly, 1 otherwise.")
    boolean once;

    @Option(names = "--history", description = "Also keep every row version in <table>_history, through a second "
            + "sink connector on the same row topics.")
    boolean history;

    @Option(names = "--timeout", description = "How long to wait for every row to arrive. Default: ${DEFAULT-VALUE}.")
    Duration timeout = Duration.ofMinutes(10);

    /** Optional: given, rows go to this database (which must exist) instead of an embedded MariaDB. */
    @Mixin
    ServiceOptions.Database database;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    SandboxStrain strain;

    @Option(names = "--changes-for", description = "With --changes-per-second: how long the documents change while "
            + "the extractor runs, before they stop and the tables are compared with the sandbox's truth. "
            + "Default: ${DEFAULT-VALUE}.")
    Duration changesFor = Duration.ofMinutes(1);

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        DatabaseTarget outside = database.given() ? database.target() : null;
        out.printf("Starting the sandbox with %,d sales outbound notes and %,d orders (seed %d), enforcing Jushuitan's "
                + "call limits...%n", saleouts, orders, seed);
        AtomicBoolean pipelineStarted = new AtomicBoolean();
        try (MetricsEndpoint endpoint = MetricsOptions.start(metrics.host(), metrics.port(),
                MetricsEndpoint.Readiness.when(pipelineStarted::get, "starting"));
             QimenGateway gateway = QimenGateway.start(strain.applyTo(DemoRun.sandbox(saleouts, orders, seed)
                .withRateLimits(RateLimits.jushuitan()), seed))) {
            out.println("Starting Kafka, Kafka Connect and " + (outside == null ? "MariaDB" : outside.redactedUrl()) + "...");
            try (DemoPipeline pipeline = DemoPipeline.start(outside);
                 ExtractorService extractor = pipeline.extractor(DemoPipeline.credentialsOf(gateway),
                         QimenCallPolicy.defaults(), "demo", gateway.options().from(), PagePool.DEFAULT_CONCURRENCY);
                 PipelineGauges gauges = MetricsOptions.gauges(endpoint, pipeline.stack().kafka(),
                         pipeline.stack().connectRest())) {
                pipelineStarted.set(true);
                if (history) {
                    pipeline.enableHistory();
                }
                DemoRun run = new DemoRun(pipeline, extractor, out);
                Map<String, ExtractionResult> extraction = run.extractAll();
                boolean matches = strain.strained() ? settleAgainstTheTruth(run, gateway, pipeline, started, out)
                        : loadMatchesTheSandbox(run, extraction, gateway, pipeline, started, out);
                if (once) {
                    return matches ? 0 : 1;
                }
                out.println();
                pipeline.endpoints().forEach((what, where) -> out.printf("  %-24s %s%n", what, where));
                if (endpoint != null) {
                    out.printf("  %-24s %s%n", "Prometheus metrics", endpoint.url());
                }
                out.println("  Qimen sandbox gateway    " + gateway.gatewayUrl());
                extractor.schedule();
                out.println("Running: each flow is extracted again every minute. Ctrl-C to stop.");
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
                return 0;
            }
        }
    }

    /** The run without strain: the tables against the ids of the sandbox's documents. */
    private boolean loadMatchesTheSandbox(DemoRun run, Map<String, ExtractionResult> extraction, QimenGateway gateway,
                                          DemoPipeline pipeline, long started, PrintWriter out) throws Exception {
        Map<String, Set<String>> expected = DemoRun.expectedRowIds(gateway.saleouts(), gateway.orders());
        List<DemoRun.TableOutcome> outcomes = run.awaitRows(expected, timeout);
        out.println();
        out.println("Summary");
        extraction.forEach((flow, result) -> out.printf("  %-24s %,d documents, %,d pages%n",
                flow + " fetched", result.documents(), result.pages()));
        out.printf("  %-24s %,d, refused %s%n", "API calls", gateway.calls(), gateway.refusals());
        for (DemoRun.TableOutcome table : outcomes) {
            out.printf("  %-24s %,d rows of %,d expected, %,d missing, %,d extra%n", table.table(),
                    table.rowsInTable(), table.expected(), table.missing().size(), table.extra().size());
        }
        out.printf("  %-24s %,d%n", "dead letters", pipeline.deadLetters());
        out.printf("  %-24s %.1f s%n", "elapsed", (System.nanoTime() - started) / 1e9);
        boolean matches = outcomes.stream().allMatch(DemoRun.TableOutcome::matches);
        String rows = outcomes.stream().map(t -> String.format("%,d rows in %s", t.rowsInTable(), t.table()))
                .collect(Collectors.joining(", "));
        out.println(matches
                ? String.format("OK: %s, exactly the rows of the sandbox's %,d notes and %,d orders", rows,
                        saleouts, orders)
                : "MISMATCH: " + rows + "; see the summary for what is missing or extra");
        return matches;
    }

    /**
     * The run under strain: the documents change (and calls fail, and pages drift, and values are messy) while the
     * extractor runs; then every table is compared with the sandbox's truth, and every messy document and dead
     * letter accounted for. Exit 0 only when nothing is missing, extra, stale, doubled or unaccounted for.
     */
    private boolean settleAgainstTheTruth(DemoRun run, QimenGateway gateway, DemoPipeline pipeline, long started,
                                          PrintWriter out) throws Exception {
        DemoRun.Settled settled = run.changeThenSettle(gateway, strain.changes() ? changesFor : Duration.ZERO, timeout);
        out.println();
        out.println("Summary (against the sandbox's truth once its changes stopped)");
        out.printf("  %-24s %,d notes, %,d orders%n", "documents now", gateway.saleouts().size(), gateway.orders().size());
        out.printf("  %-24s %s%n", "changes made", gateway.changesMade());
        out.printf("  %-24s %,d, refused %s, faults injected %s%n", "API calls", gateway.calls(), gateway.refusals(),
                gateway.faultsInjected());
        settled.tables().forEach(result -> out.println("  " + result.summary()));
        out.println("  " + settled.messy().summary());
        out.printf("  %-24s %,d%n", "dead letters", pipeline.deadLetters());
        out.printf("  %-24s %.1f s%n", "elapsed", (System.nanoTime() - started) / 1e9);
        boolean tablesMatch = settled.tables().stream().allMatch(TruthCheck.TableResult::matches);
        TruthCheck.MessyResult messy = settled.messy();
        out.println(!settled.matches()
                ? "MISMATCH: see the summary for what is missing, extra, stale, duplicate or unaccounted for"
                : messy.messy() == 0 && messy.unexplainedDeadLetters().isEmpty()
                ? "OK: every table matches the sandbox's truth: 0 missing, 0 extra, 0 stale, 0 duplicate"
                : String.format("OK: every table matches the sandbox's truth: 0 missing, 0 extra, 0 stale, 0 duplicate; "
                        + "every messy document accounted for: %,d cleaned as their rules say, %,d as sent, %,d in the "
                        + "dead-letter topic with the reason", messy.cleaned(), messy.asSent(), messy.deadLettered()));
        return tablesMatch && messy.accountedFor();
    }
}
