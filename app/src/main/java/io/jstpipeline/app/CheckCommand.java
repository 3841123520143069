package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.common.Json;
import io.jstpipeline.ops.check.Component;
import io.jstpipeline.ops.check.DeploymentCheck;
import io.jstpipeline.ops.check.FailureKind;
import io.jstpipeline.ops.check.Finding;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jst-pipeline check}: every part of a deployment reached as the pipeline would, a line each. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the deployment without changing it: Kafka, the topics' layout, Kafka Connect (the sink "
                + "plugin, the sink connectors running), MySQL (the user's grants, the mapped tables) and a one-page "
                + "call of each flow to the Qimen gateway; a line each, each within about 10 s.",
                "Exit 0 when all is OK; else 2 (configuration), 4 (credentials refused), 3 (unreachable) or 1 "
                        + "(something wrong), the first of these that any line has."})
final class CheckCommand extends ConfiguredCommand {

    @Mixin
    ExtractorOptions extractor;

    @Mixin
    ServiceOptions.Connect connect;

    @Mixin
    ServiceOptions.Database database;

    @Mixin
    ServiceOptions.Tables tables;

    @Option(names = "--json", description = "One JSON document instead of lines.")
    boolean json;

    @Override
    List<ConfigOptions.Source> overrides() {
        return List.of(extractor, connect, database, tables);
    }

    /** None before it starts: reaching them is its work. */
    @Override
    Set<Component> needs() {
        return EnumSet.noneOf(Component.class);
    }

    @Override
    int run(PipelineConfig config, PrintWriter out) throws Exception {
        List<Finding> findings = DeploymentCheck.run(DeploymentChecks.of(config, EnumSet.allOf(Component.class), true));
        int exitCode = FailureKind.exitCode(findings);
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                    new Report(exitCode == 0, exitCode, findings)));
        } else {
            findings.forEach(finding -> out.println(finding.line()));
        }
        return exitCode;
    }

    /** What --json prints. */
    record Report(boolean ok, int exitCode, List<Finding> components) {
    }
}
