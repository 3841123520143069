package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.ExtractorSettings;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.ExtractionResult;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.flow.FlowRunner;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.publish.CursorReset;
import io.jstpipeline.extractor.publish.CursorStore;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.ops.ReconcileSchedule;
import io.jstpipeline.ops.ServiceReporter;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.ops.check.Component;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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

    @Option(names = "--reset-cursor", paramLabel = "FLOW", description = "Instead of extracting: move FLOW's cursor "
            + "to --to, so that its next run reads on from there (back: the documents modified since are read again, "
            + "and the transformer drops the versions it has; forward: the range skipped is not read). A running "
            + "extractor is fenced and reads on from the moved cursor at its next run. Needs --yes; recorded with "
            + "the cursor, as status shows.")
    String resetCursor;

    @Option(names = "--to", paramLabel = "TIME", converter = ChinaTime.class, description = "Where --reset-cursor "
            + "moves the cursor, in China time as the API's modified times: 2026-12-01, 2026-12-01T08:00 or "
            + "'2026-12-01 08:00:00'.")
    LocalDateTime resetTo;

    @Option(names = "--yes", description = "Confirms --reset-cursor; without it, it says what it would do.")
    boolean confirmed;

    /** Only for --reconcile-every. */
    @Mixin
    ServiceOptions.Database database;

    @Mixin
    ServiceOptions.Tables tables;

    @Mixin
    MetricsOptions metrics;

    @Override
    Set<Component> needs() {
        if (resetCursor != null) {
            return EnumSet.of(Component.KAFKA); // moves a cursor, calls no API
        }
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
        if (resetCursor != null || resetTo != null) {
            return resetCursor(config, out);
        }
        TableRows reconciled = reconcileEvery == null ? null : new TableRows(config.database());
        List<FlowDefinition> selected = config.flows();
        LocalDateTime firstStart = QimenTime.now().minus(config.since());
        config.credentials(); // a gap in the configuration stops the start before anything is touched
        ensureTopics(config, layout -> Stream.concat(layout.extractorTopics(selected.stream()
                .map(FlowDefinition::name).toList()).stream(), layout.serviceTopics().stream()).toList());
        AtomicReference<ExtractorService> started = new AtomicReference<>();
        try (MetricsEndpoint endpoint = MetricsOptions.start(config, () -> started.get() == null
                ? Optional.of("starting") : started.get().whyNoFlowCanWork());
             ExtractorService service = ExtractorOptions.service(config, selected, firstStart,
                     ExtractorSettings.Role.SCHEDULE);
             ServiceReporter reporter = ServiceReporter.start(config.kafka(), new ServiceReporter.About(spec.name(),
                     service::whyNoFlowCanWork, config.callLimits().callsPerMinute(), service::status, () -> null))) {
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

    /** --reset-cursor FLOW --to TIME [--yes]. */
    private int resetCursor(PipelineConfig config, PrintWriter out) {
        if (resetCursor == null || resetTo == null) {
            throw new IllegalArgumentException("--reset-cursor FLOW and --to TIME go together");
        }
        FlowDefinition flow = config.flows().stream().filter(f -> f.name().equals(resetCursor)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--reset-cursor: no flow " + resetCursor
                        + " among the configured flows " + config.flows().stream().map(FlowDefinition::name).toList()));
        if (flow.cursor() != FlowDefinition.CursorMode.WINDOW) {
            throw new IllegalArgumentException("--reset-cursor: flow " + flow.name() + " walks by ts, not by time; "
                    + "its cursor cannot be moved to a time");
        }
        LocalDateTime now = QimenTime.now();
        if (resetTo.isAfter(now)) {
            throw new IllegalArgumentException("--to " + QimenTime.format(resetTo) + " is in the future (China time now: "
                    + QimenTime.format(now) + ")");
        }
        String key = FlowRunner.cursorKey(config.instance(), flow.name());
        if (!confirmed) {
            LocalDateTime from = new CursorStore(config.kafka()).load(key).map(Cursor::completedUntil).orElse(null);
            spec.commandLine().getErr().printf("jst-pipeline extract: would move cursor %s from %s to %s%s; add --yes "
                    + "to move it%n", key, from == null ? "(none yet)" : QimenTime.format(from),
                    QimenTime.format(resetTo), from == null || !resetTo.isAfter(from)
                            ? ": the documents modified since are read again"
                            : ": the documents modified in between are NOT read");
            return 2;
        }
        Cursor moved = CursorReset.move(config.kafka(), ExtractorSettings.Role.SCHEDULE.transactionalId(
                config.instance(), flow.name()), flow.name(), key, resetTo, operator(), now);
        CursorReset reset = moved.reset();
        out.printf("cursor %s moved from %s to %s by %s at %s (China time); the extractor reads on from there at its "
                + "next run%n", key, reset.from() == null ? "(none)" : QimenTime.format(reset.from()),
                QimenTime.format(reset.to()), reset.by(), QimenTime.format(reset.at()));
        return 0;
    }

    /** Who runs this: the user and the host, as a cursor reset records them. */
    private static String operator() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host;
    }

    /** A time as the API's modified times are given: a day, an ISO-8601 local time, or Qimen's format. */
    static final class ChinaTime implements CommandLine.ITypeConverter<LocalDateTime> {
        @Override
        public LocalDateTime convert(String value) {
            String text = value.trim();
            try {
                if (text.length() == 10) {
                    return LocalDate.parse(text).atStartOfDay();
                }
                return text.contains("T") ? LocalDateTime.parse(text) : QimenTime.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a time: 2026-12-01, "
                        + "2026-12-01T08:00 or '2026-12-01 08:00:00'");
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
