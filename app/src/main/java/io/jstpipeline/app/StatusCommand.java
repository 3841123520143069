package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.PipelineStatus;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.ops.check.Component;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jst-pipeline status}: cursors, topics, transformer instances, sink states, tables, consumer lag and dead
 * letters, for people or scripts; with {@code --serve}, as a live page.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each flow's cursor and how far it is behind, the raw and row topics, the transformer's "
                + "instances, connectors, tables, consumer lag and dead letters.",
                "With --serve, a page that draws them stage by stage and refreshes by itself."})
final class StatusCommand extends ConfiguredCommand {

    @Mixin
    ServiceOptions.Kafka kafka;

    /** Optional here: without it the connectors are left out. */
    @Mixin
    ServiceOptions.Connect connect;

    @Option(names = "--json", description = "One JSON document instead of tables.")
    boolean json;

    @Option(names = "--serve", description = "Serve a live page of the pipeline (/) and this JSON "
            + "(/status.json) until stopped, instead of printing once.")
    boolean serve;

    @Option(names = "--host", description = "The address --serve listens on. Default: ${DEFAULT-VALUE} (this "
            + "machine only).", defaultValue = StatusPage.DEFAULT_HOST)
    String host;

    @Option(names = "--port", description = "The port --serve listens on. Default: ${DEFAULT-VALUE}.",
            defaultValue = "" + StatusPage.DEFAULT_PORT)
    int port;

    @Option(names = "--refresh", description = "How often --serve reads the status again and the page shows it, "
            + "e.g. PT5S. Default: ${DEFAULT-VALUE}.", defaultValue = "PT5S")
    Duration refresh;

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
        PipelineStatus.Sources sources = new PipelineStatus.Sources(config.kafka(), config.transformerApplicationId(),
                config.hasConnect() ? config.connectRest() : null,
                config.hasDatabase() ? new TableRows(config.database()) : null,
                config.mappings().tables().stream().map(TableMapping::name).toList());
        try (Admin admin = Admin.create(config.kafka().properties())) {
            if (serve) {
                try (StatusPage page = StatusPage.start(host, port, refresh, () -> PipelineStatus.read(admin,
                        sources))) {
                    out.println("Status page on " + page.url() + " (JSON on " + page.url() + "status.json), read "
                            + "every " + refresh.toSeconds() + " s. Ctrl-C to stop.");
                    out.flush();
                    return serveUntilStopped(Optional::empty);
                }
            }
            PipelineStatus status = PipelineStatus.read(admin, sources);
            if (json) {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status));
            } else {
                print(status, out);
            }
            return status.connectors().stream().anyMatch(PipelineStatus.ConnectorState::failed) ? 1 : 0;
        }
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
        out.println("Raw topics (end offsets: records and commit markers)");
        status.rawTopics().forEach((topic, records) -> out.printf("  %-44s %,d%n", topic, records));
        PipelineStatus.TransformerState transformer = status.transformer();
        out.printf("Transformer %s: %s, %d instance(s), %,d records behind%n", transformer.applicationId(),
                transformer.groupState(), transformer.instances().size(), transformer.lag());
        transformer.instances().forEach(i -> out.printf("  %-44s %-16s %d thread(s), %d partition(s)%n",
                i.clientId(), i.host(), i.threads(), i.partitions().size()));
        out.println("Row topics (end offsets: records and commit markers)");
        status.rowTopics().forEach((topic, records) -> out.printf("  %-44s %,d%n", topic, records));
        out.println("Consumer lag (records)");
        status.consumerLag().forEach((group, lag) -> out.printf("  %-44s %,d%n", group, lag));
        out.println("Dead letters (records)");
        status.deadLetters().forEach((topic, count) -> out.printf("  %-44s %,d%n", topic, count));
        out.println("Cleaned values (records; the rows were kept, the values made NULL or cut)");
        status.cleanedValues().forEach((topic, count) -> out.printf("  %-44s %,d%n", topic, count));
        if (status.connect() != null && !status.connect().reachable()) {
            out.println("Connect at " + status.connect().url() + " does not answer: " + status.connect().error());
        }
        if (!status.connectors().isEmpty()) {
            out.println("Connectors");
            status.connectors().forEach(c -> out.printf("  %-44s %-8s tasks %s%s%n", c.name(), c.state(), c.tasks(),
                    c.error() == null ? "" : ": " + c.error()));
        }
        if (!status.tables().isEmpty()) {
            out.println("Tables (rows)");
            status.tables().forEach(t -> out.printf("  %-44s %s%n", t.name(),
                    t.rows() == null ? "cannot count: " + t.error() : String.format("%,d", t.rows())));
        }
    }
}
