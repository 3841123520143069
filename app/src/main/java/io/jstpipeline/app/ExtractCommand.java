package io.jstpipeline.app;

import io.jstpipeline.app.MetricsEndpoint;
import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.ExtractorSettings;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.ExtractionResult;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.ops.ReconcileSchedule;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.ops.check.Component;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jst-pipeline extract}: the extractor service, every flow on its schedule from its cursor. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Pull every flow into its raw topic on its interval, from its cursor, and re-read yesterday "
                + "daily.", "A flow without a cursor starts --since days back."})
final class ExtractCommand extends ConfiguredCommand {

    @Mixin
    ExtractorOptions extractor;

    @Option(names = "--flow", description = "Only these flows (repeatable); overrides extractor.flows. Default: every "
            + "declared flow.")
    List<String> flows;

    @Option(names = "--since", description = "How far back a flow without a cursor starts (ISO-8601); overrides "
            + "extractor.since. Default: P30D.")
    Duration since;

    @Option(names = "--once", description = "One incremental run of each flow, then exit: 0 if every flow ran.")
    boolean once;

    @Option(names = "--reconcile-every", description = "Also compare the API with MySQL this often (ISO-8601, e.g. "
            + "PT1H), over the last --reconcile-span; needs --mysql-url. Differences are logged as errors.")
    Duration reconcileEvery;

    @Option(names = "--reconcile-span", defaultValue = "P1D", description = "Default: ${DEFAULT-VALUE}.")
    Duration reconcileSpan;

    /** Only for --reconcile-every. */
    @Mixin
    ServiceOptions.Database database;

    @Mixin
    ServiceOptions.Tables tables;

    @Mixin
    MetricsOptions metrics;

    @Override
    Set<Component> needs() {
        return reconcileEvery == null ? EnumSet.of(Component.KAFKA, Component.GATEWAY)
                : EnumSet.of(Component.KAFKA, Component.GATEWAY, Component.MYSQL);
    }

    @Override
    List<ConfigOptions.Source> overrides() {
        return List.of(overrides -> overrides
                .put("extractor.flows", flows, "--flow").put("extractor.since", since, "--since"),
                extractor, database, tables, metrics);
    }

    @Override
    int run(PipelineConfig config, PrintWriter out) throws Exception {
        TableRows reconciled = reconcileEvery == null ? null : new TableRows(config.database());
        List<FlowDefinition> selected = config.flows();
        LocalDateTime firstStart = QimenTime.now().minus(config.since());
        config.credentials(); // a gap in the configuration stops the start before anything is touched
        ensureTopics(config, layout -> layout.extractorTopics(selected.stream().map(FlowDefinition::name).toList()));
        AtomicReference<ExtractorService> started = new AtomicReference<>();
        try (MetricsEndpoint endpoint = MetricsOptions.start(config, () -> started.get() == null
                ? Optional.of("starting") : started.get().whyNoFlowCanWork());
             ExtractorService service = ExtractorOptions.service(config, selected, firstStart,
                     ExtractorSettings.Role.SCHEDULE)) {
            started.set(service);
            if (once) {
                for (Map.Entry<String, ExtractionResult> run : service.runOnce(
                        ExtractionListener.NONE).entrySet()) {
                    out.printf("%s: %,d documents in %,d windows%n", run.getKey(), run.getValue().documents(),
                            run.getValue().windows());
                }
                return 0;
            }
            service.schedule();
            out.println("Extracting " + selected.stream().map(FlowDefinition::name).toList() + ". Ctrl-C to stop.");
            out.flush();
            if (reconcileEvery == null) {
                return serveUntilStopped(service, out);
            }
            try (QimenClient client = new QimenClient(config.credentials(), ExtractorOptions.clientOptions(config));
                 // Its calls wait for the same limiter as the extractor's: one per app key in the process.
                 ReconcileSchedule reconciles = new ReconcileSchedule(selected, config.mappings(), client,
                         ExtractorOptions.callPolicy(config), reconciled)
                         .start(reconcileEvery, reconcileSpan)) {
                return serveUntilStopped(service, out);
            }
        }
    }

    /** Serves the extractor, printing each flow's state every minute, until stopped or every flow stopped for good. */
    int serveUntilStopped(ExtractorService service, PrintWriter out) {
        return serveUntilStopped(service::whyNoFlowCanWork, Duration.ofMinutes(1), () -> printStatus(service, out));
    }

    static void printStatus(ExtractorService service, PrintWriter out) {
        service.status().forEach(s -> out.printf("%s %s last run %s: %s%s%n", s.flow(), s.state(),
                s.lastRunEnded(), s.lastRun(), s.lastError() == null ? "" : " error: " + s.lastError()));
        out.flush();
    }
}
