package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.ExtractorSettings;
import io.jstpipeline.extractor.flow.ExtractionResult;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.ops.check.Component;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jst-pipeline backfill}: pulls a date range of one flow, resuming where an interrupted run stopped. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Pull every document of one flow modified in [--from, --to) (China time) into Kafka.",
                "Each window commits with its cursor; run the same command again to resume after an interruption."})
final class BackfillCommand extends ConfiguredCommand {

    @Mixin
    ExtractorOptions extractor;

    @Mixin
    ServiceOptions.FlowDays days;

    @Override
    Set<Component> needs() {
        return EnumSet.of(Component.KAFKA, Component.GATEWAY);
    }

    @Override
    List<ConfigOptions.Source> overrides() {
        return List.of(extractor);
    }

    @Override
    int run(PipelineConfig config, PrintWriter out) throws Exception {
        String flow = days.checked().flow;
        FlowDefinition definition = config.flowCatalog().flow(flow);
        config.credentials(); // a gap in the configuration stops the start before anything is touched
        ensureTopics(config, layout -> layout.extractorTopics(List.of(flow)));
        try (ExtractorService service = ExtractorOptions.service(config, List.of(definition), days.start(),
                ExtractorSettings.Role.BACKFILL)) {
            ExtractionResult result = service.runner(flow).backfill(days.start(), days.end(),
                    new ProgressBar(flow + " backfill", out, service.callPolicy()::attempts));
            out.printf("Done: %s [%s, %s): %,d documents in %,d pages, %d windows re-read for drift%n",
                    flow, days.from, days.to, result.documents(), result.pages(), result.rereads());
        }
        return 0;
    }
}
