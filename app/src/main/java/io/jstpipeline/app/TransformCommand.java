package io.jstpipeline.app;

import io.jstpipeline.common.metrics.MetricsEndpoint;
import io.jstpipeline.local.PipelineGauges;
import io.jstpipeline.transformer.TransformerService;
import io.jstpipeline.transformer.table.Mappings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jst-pipeline transform}: the Kafka Streams transformer as a process of its own; run more to scale out. */
@Command(name = "transform", mixinStandardHelpOptions = true,
        description = {"Turn raw documents into table rows (Kafka Streams, exactly-once).",
                "Instances with the same --application-id share the raw topics' partitions."})
final class TransformCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions.Kafka kafka;

    @Mixin
    ServiceOptions.Tables tables;

    @Option(names = "--application-id", defaultValue = TransformerService.DEFAULT_APPLICATION_ID,
            description = "The Kafka Streams application id. Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(names = "--state-dir", defaultValue = "${java.io.tmpdir}/jst-transformer",
            description = "Where the version stores live. Default: ${DEFAULT-VALUE}.")
    Path stateDir;

    /** Optional: given, the sink connectors' task states are among the metrics. */
    @Mixin
    ServiceOptions.Connect connect;

    @Mixin
    MetricsOptions metrics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Mappings mappings = tables.mappings();
        String bootstrapServers = kafka.bootstrapServers();
        PrintWriter out = spec.commandLine().getOut();
        try (TransformerService service = new TransformerService(mappings,
                TransformerService.config(bootstrapServers, applicationId, stateDir));
             MetricsEndpoint endpoint = metrics.start(service::isRunning);
             PipelineGauges gauges = connect.given() ? metrics.gauges(bootstrapServers, connect.rest()) : null) {
            service.start();
            out.println("Transforming into " + mappings.tables().stream().map(t -> t.name()).toList()
                    + ". Ctrl-C to stop.");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
