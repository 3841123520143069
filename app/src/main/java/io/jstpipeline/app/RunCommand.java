package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.SinkWatchdog;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.ExtractorSettings;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.PipelineGauges;
import io.jstpipeline.ops.ServiceReporter;
import io.jstpipeline.ops.check.Component;
import io.jstpipeline.transformer.TransformerService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jst-pipeline run --config FILE}: the whole pipeline against outside services in one process, the
 * way a small deployment runs it: topics and sink connectors put in place, then transformer, sink watchdog
 * and extractor running until the process is stopped.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the pipeline against your Kafka, Kafka Connect and MySQL: create missing topics, create the "
                + "tables and put the sink connectors, then transform, watch the sinks and extract every flow on its "
                + "schedule until Ctrl-C.",
                "Everything comes from --config (or JST_CONFIG) and the JST_… environment variables."})
final class RunCommand extends ConfiguredCommand {

    @Option(names = "--timeout", defaultValue = "PT2M",
            description = "How long to wait for the sink connectors to run. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin
    MetricsOptions metrics;

    /** Everything: the topics it lays out itself, the connectors and tables too. */
    @Override
    Set<Component> needs() {
        return EnumSet.complementOf(EnumSet.of(Component.TOPICS));
    }

    @Override
    List<ConfigOptions.Source> overrides() {
        return List.of(metrics);
    }

    @Override
    int run(PipelineConfig config, PrintWriter out) throws Exception {
        // Everything the services need is read before the first is touched, so a gap stops the start, not a run.
        config.credentials();
        List<FlowDefinition> flows = config.flows();
        List<String> tables = config.mappings().tables().stream().map(TableMapping::name).toList();
        ConnectRestClient connect = config.connectRest();
        SinkDeployment sinks = new SinkDeployment(connect, config.sinkConnectors(), config.mappings(), config.database(),
                config.tasksMax(), SinkDeployment.Sink.ROW);

        ensureTopics(config, layout -> layout.all(flows.stream().map(FlowDefinition::name).toList(), tables));
        out.println("Topics in place on " + config.bootstrapServers() + ".");
        sinks.apply(false, timeout, out);

        AtomicReference<ExtractorService> extracting = new AtomicReference<>();
        try (TransformerService transformer = TransformCommand.transformer(config);
             MetricsEndpoint endpoint = MetricsOptions.start(config, () -> transformer.notReadyBecause()
                     .or(() -> extracting.get() == null ? Optional.of("starting") : extracting.get().whyNoFlowCanWork()));
             PipelineGauges gauges = MetricsOptions.gauges(endpoint, config.kafka(), connect);
             SinkWatchdog watchdog = new SinkWatchdog(connect, sinks.connectors(), SinkWatchdog.Settings.defaults());
             ExtractorService extractor = ExtractorOptions.service(config, flows,
                     QimenTime.now().minus(config.since()), ExtractorSettings.Role.SCHEDULE);
             ServiceReporter reporter = ServiceReporter.start(config.kafka(), new ServiceReporter.About(spec.name(),
                     () -> transformer.notReadyBecause().or(extractor::whyNoFlowCanWork),
                     config.callLimits().callsPerMinute(), extractor::status, transformer::clientId))) {
            transformer.start();
            watchdog.start();
            extractor.schedule();
            extracting.set(extractor);
            out.println("Running: extracting " + flows.stream().map(FlowDefinition::name).toList() + " into "
                    + tables + ". Ctrl-C to stop.");
            out.flush();
            // Either half failing for good stops the whole: a restart is what mends it.
            return serveUntilStopped(() -> transformer.failure().or(extractor::whyNoFlowCanWork), Duration.ofMinutes(1),
                    () -> ExtractCommand.printStatus(extractor, out));
        }
    }
}
