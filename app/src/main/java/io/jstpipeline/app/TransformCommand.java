package io.jstpipeline.app;

import io.jstpipeline.app.MetricsEndpoint;
import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.PipelineGauges;
import io.jstpipeline.ops.ServiceReporter;
import io.jstpipeline.transformer.TransformerService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jst-pipeline transform}: the Kafka Streams transformer as a process of its own; run more to scale out. */
@Command(name = "transform", mixinStandardHelpOptions = true,
        description = {"Turn raw documents into table rows (Kafka Streams, exactly-once).",
                "Instances with the same --application-id share the raw topics' partitions."})
final class TransformCommand extends ConfiguredCommand {

    @Mixin
    ServiceOptions.Kafka kafka;

    @Mixin
    ServiceOptions.Tables tables;

    @Option(names = "--application-id", description = "The Kafka Streams application id; overrides "
            + "transformer.application-id. Default: " + TransformerService.DEFAULT_APPLICATION_ID + ".")
    String applicationId;

    @Option(names = "--state-dir", description = "Where the version stores live; overrides transformer.state-dir. "
            + "Default: <java.io.tmpdir>/jst-transformer.")
    Path stateDir;

    @Mixin
    MetricsOptions metrics;

    @Override
    List<ConfigOptions.Source> overrides() {
        return List.of(overrides -> overrides
                .put("transformer.application-id", applicationId, "--application-id")
                .put("transformer.state-dir", stateDir, "--state-dir"), kafka, tables, metrics);
    }

    @Override
    int run(PipelineConfig config, PrintWriter out) throws Exception {
        List<TableMapping> tables = config.mappings().tables();
        // The raw topics too: created here if the extractor has not yet, Streams would stop on a missing source.
        ensureTopics(config, layout -> Stream.of(
                layout.rawTopics(tables.stream().map(TableMapping::flow).distinct().toList()),
                layout.transformerTopics(tables.stream().map(TableMapping::name).toList()),
                layout.serviceTopics()).flatMap(List::stream).toList());
        try (TransformerService service = transformer(config);
             MetricsEndpoint endpoint = MetricsOptions.start(config, service::notReadyBecause);
             ServiceReporter reporter = ServiceReporter.start(config.kafka(), new ServiceReporter.About(spec.name(),
                     service::notReadyBecause, null, List::of, service::clientId));
             // With a Connect cluster configured, the sink connectors' task states are among the metrics.
             PipelineGauges gauges = config.hasConnect() ? MetricsOptions.gauges(endpoint, config.kafka(),
                     config.connectRest()) : null) {
            service.start();
            out.println("Transforming into " + config.mappings().tables().stream().map(t -> t.name()).toList()
                    + ". Ctrl-C to stop.");
            out.flush();
            return serveUntilStopped(service::failure);
        }
    }

    static TransformerService transformer(PipelineConfig config) {
        return new TransformerService(config.mappings(), TransformerService.config(config.kafka(),
                config.transformerApplicationId(), config.transformerStateDir()));
    }
}
