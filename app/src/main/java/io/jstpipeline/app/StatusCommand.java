package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.ops.PipelineStatus;
import io.jstpipeline.ops.check.Component;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jst-pipeline status}: cursors, consumer lag, dead letters and sink states, for people or scripts. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each flow's cursor and how far it is behind, consumer lag, dead letters and connectors.")
final class StatusCommand extends ConfiguredCommand {

    @Mixin
    ServiceOptions.Kafka kafka;

    /** Optional here: without it the connectors are left out. */
    @Mixin
    ServiceOptions.Connect connect;

    @Option(names = "--json", description = "One JSON document instead of tables.")
    boolean json;

    @Override
    Set<Component> needs() {
        return EnumSet.of(Component.KAFKA, Component.CONNECT);
    }

    @Override
    List<ConfigOptions.Source> overrides() {
        return List.of(kafka, connect);
    }

    @Override
    int run(PipelineConfig config, PrintWriter out) throws Exception {
        PipelineStatus status;
        try (Admin admin = Admin.create(config.kafka().properties())) {
            status = PipelineStatus.read(admin, config.kafka(), config.hasConnect() ? config.connectRest() : null);
        }
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status));
        } else {
            print(status, out);
        }
        boolean failed = status.connectors().stream()
                .anyMatch(c -> c.state().equals("FAILED") || c.tasks().stream().anyMatch(t -> t.endsWith("FAILED")));
        return failed ? 1 : 0;
    }

    private static void print(PipelineStatus status, PrintWriter out) {
        out.println("Extractor cursors");
        out.printf("  %-44s %-20s %s%n", "cursor", "completed until", "behind now");
        status.cursors().forEach(c -> out.printf("  %-44s %-20s %s%n", c.key(),
                c.completedUntil() == null ? "ts " + c.lastTs() : QimenTime.format(c.completedUntil()),
                c.behindSeconds() == null ? "-" : c.behindSeconds() + " s"));
        status.cursors().stream().filter(c -> !c.unsettled().isEmpty()).forEach(c -> out.printf(
                "  %-44s %d unsettled window(s), read again each run: %s%n", c.key(), c.unsettled().size(),
                c.unsettled().stream().map(TimeWindow::toString).collect(Collectors.joining(" "))));
        status.cursors().stream().filter(c -> c.reset() != null).forEach(c -> out.printf(
                "  %-44s moved by %s at %s, from %s to %s%n", c.key(), c.reset().by(),
                QimenTime.format(c.reset().at()), c.reset().from() == null ? "(none)" : QimenTime.format(c.reset().from()),
                QimenTime.format(c.reset().to())));
        out.println("Consumer lag (records)");
        status.consumerLag().forEach((group, lag) -> out.printf("  %-44s %,d%n", group, lag));
        out.println("Dead letters (records)");
        status.deadLetters().forEach((topic, count) -> out.printf("  %-44s %,d%n", topic, count));
        out.println("Cleaned values (records; the rows were kept, the values made NULL or cut)");
        status.cleanedValues().forEach((topic, count) -> out.printf("  %-44s %,d%n", topic, count));
        if (!status.connectors().isEmpty()) {
            out.println("Connectors");
            status.connectors().forEach(c -> out.printf("  %-44s %-8s tasks %s%n", c.name(), c.state(), c.tasks()));
        }
    }
}
