package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.ops.check.Component;
import io.jstpipeline.common.Json;
import io.jstpipeline.connect.ConnectRestClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jst-pipeline connectors apply|list|status|restart|pause|resume|delete}: the sink connectors on a Kafka
 * Connect cluster.
 */
@Command(name = "connectors", mixinStandardHelpOptions = true, description = "Manage the JDBC sink connectors.",
        subcommands = {ConnectorsCommand.Apply.class, ConnectorsCommand.ListAll.class, ConnectorsCommand.Status.class,
                ConnectorsCommand.Restart.class, ConnectorsCommand.Pause.class, ConnectorsCommand.Resume.class,
                ConnectorsCommand.Delete.class})
final class ConnectorsCommand {

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Create or update the sink connector of every table on a Connect cluster, then wait "
                    + "until they run.",
                    "As shipped, the connectors read the database from the workers' environment (JST_MYSQL_URL, "
                            + "JST_MYSQL_USER, JST_MYSQL_PASSWORD through EnvVarConfigProvider); --mysql-url (mysql.url) "
                            + "puts the database into the connector configuration instead and creates the tables, "
                            + "or adds the columns the mapping gained (a changed column type stops it)."})
    static final class Apply extends ConfiguredCommand {

        /** The sink connectors' dead-letter topics are laid out before the connectors are put. */
        @Mixin
        ServiceOptions.Kafka kafka;

        @Mixin
        ServiceOptions.Connect connect;

        @Mixin
        ServiceOptions.Tables tables;

        /** Optional: given, the database goes into the configurations instead of the workers' environment. */
        @Mixin
        ServiceOptions.Database database;

        @Option(names = "--history", description = "Also the second consumer: a connector per table appending every "
                + "row version to <table>_history (needs --mysql-url, to create those tables).")
        boolean history;

        @Option(names = "--sink", defaultValue = "row", converter = SinkName.class,
                description = "Which connector writes the tables: row (the project's row sink, jst-sink-<table>) or "
                        + "debezium (Debezium's JDBC sink on the same row topics, debezium-sink-<table>; with "
                        + "--mysql-url, e.g. a second database). Default: ${DEFAULT-VALUE}.")
        SinkDeployment.Sink sink;

        @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for RUNNING.")
        Duration timeout;

        @Option(names = "--dry-run", description = "Print the configurations it would put (secrets masked, config "
                + "provider references shown) and how each differs from the connector on the cluster: new, unchanged "
                + "or the keys changed, added and removed. Touches nothing: no topic, table or connector.")
        boolean dryRun;

        @Override
        Set<Component> needs() {
            return EnumSet.of(Component.KAFKA, Component.CONNECT, Component.MYSQL);
        }

        @Override
        List<ConfigOptions.Source> overrides() {
            return List.of(kafka, connect, tables, database);
        }

        @Override
        int run(PipelineConfig config, PrintWriter out) throws Exception {
            SinkDeployment sinks = new SinkDeployment(config.connectRest(),
                    config.sinkConnectors(), config.mappings(), config.hasDatabase() ? config.database() : null,
                    config.tasksMax(), sink);
            if (dryRun) {
                sinks.dryRun(history, out);
                return 0;
            }
            ensureTopics(config, layout -> layout.sinkTopics(sinks.tables(history)));
            sinks.apply(history, timeout, out);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every connector on the Connect cluster, a line each: type, class, state and its tasks'.")
    static final class ListAll extends ConfiguredCommand {

        @Mixin
        ServiceOptions.Connect connect;

        @Option(names = "--json", description = "A JSON array instead of lines.")
        boolean json;

        @Override
        Set<Component> needs() {
            return EnumSet.of(Component.CONNECT);
        }

        @Override
        List<ConfigOptions.Source> overrides() {
            return List.of(connect);
        }

        @Override
        int run(PipelineConfig config, PrintWriter out) throws Exception {
            List<ConnectRestClient.ConnectorOverview> connectors = config.connectRest().overview();
            if (json) {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(connectors));
                return 0;
            }
            connectors.forEach(c -> out.printf("%-44s %-6s %-40s %s%n", c.name(), c.type(), c.connectorClass(),
                    states(c.status())));
            return 0;
        }
    }

    /**
     * A command on connectors named on the command line, by default the pipeline's sink connector of every mapped
     * table, or every connector on the cluster.
     */
    abstract static class OnConnectors extends ConfiguredCommand {

        @Mixin
        ServiceOptions.Connect connect;

        /** Which tables' connectors are the default. */
        @Mixin
        ServiceOptions.Tables tables;

        @Parameters(paramLabel = "NAME", arity = "0..*", description = "The connectors; default: the sink connector "
                + "of every mapped table (jst-sink-<table>, with --sink debezium debezium-sink-<table>).")
        List<String> names = List.of();

        @Option(names = "--all", description = "Every connector on the Connect cluster.")
        boolean all;

        @Option(names = "--sink", defaultValue = "row", converter = SinkName.class,
                description = "Whose connectors are the default: row (jst-sink-<table>) or debezium "
                        + "(debezium-sink-<table>). Default: ${DEFAULT-VALUE}.")
        SinkDeployment.Sink sink;

        @Override
        Set<Component> needs() {
            return EnumSet.of(Component.CONNECT);
        }

        @Override
        List<ConfigOptions.Source> overrides() {
            return List.of(connect, tables);
        }

        @Override
        final int run(PipelineConfig config, PrintWriter out) throws Exception {
            if (all && !names.isEmpty()) {
                throw new IllegalArgumentException("--all or connector names, not both");
            }
            ConnectRestClient rest = config.connectRest();
            List<String> connectors = !names.isEmpty() ? names : all ? rest.connectors()
                    : new SinkDeployment(rest, config.sinkConnectors(), config.mappings(), null, config.tasksMax(), sink)
                    .connectors();
            int exit = run(rest, connectors, out);
            out.flush();
            return exit;
        }

        abstract int run(ConnectRestClient rest, List<String> connectors, PrintWriter out) throws Exception;

        /** Waits until each connector and its tasks run, a line each; a failed task stops it with its error. */
        static int awaitRunning(ConnectRestClient rest, List<String> connectors, Duration timeout, PrintWriter out)
                throws Exception {
            for (String name : connectors) {
                out.printf("%s %s%n", name, rest.awaitRunning(name, timeout).connector());
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {"The state of each connector and its "
            + "tasks, with a FAILED task's error in one line (the innermost cause of its trace; all of it with "
            + "--trace).", "Exit code 1 when one is FAILED."})
    static final class Status extends OnConnectors {

        @Option(names = "--trace", description = "A FAILED task's whole stack trace, not only its first line.")
        boolean trace;

        @Override
        int run(ConnectRestClient rest, List<String> connectors, PrintWriter out) throws Exception {
            boolean failed = false;
            for (String name : connectors) {
                ConnectRestClient.ConnectorStatus status = rest.status(name);
                out.printf("%-44s %s%n", name, states(status));
                for (ConnectRestClient.TaskStatus task : status.tasks()) {
                    if (task.trace() != null) {
                        String error = trace ? task.trace().strip().replace("\n", "\n    ") : task.error();
                        out.printf("  task %d %s: %s%n", task.id(), task.state(), error);
                    }
                }
                failed |= status.failed();
            }
            return failed ? 1 : 0;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart each connector and its "
            + "tasks (or only those FAILED), then wait until they run.")
    static final class Restart extends OnConnectors {

        @Option(names = "--failed-only", description = "Restart only the connector or tasks that FAILED.")
        boolean failedOnly;

        @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for RUNNING.")
        Duration timeout;

        @Override
        int run(ConnectRestClient rest, List<String> connectors, PrintWriter out) throws Exception {
            for (String name : connectors) {
                rest.restart(name, failedOnly);
            }
            return awaitRunning(rest, connectors, timeout, out);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause each connector and wait until "
            + "its tasks are PAUSED: they stop writing, and their records wait in the topics until resume.")
    static final class Pause extends OnConnectors {

        @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for PAUSED.")
        Duration timeout;

        @Override
        int run(ConnectRestClient rest, List<String> connectors, PrintWriter out) throws Exception {
            for (String name : connectors) {
                rest.pause(name, timeout);
                out.printf("%s PAUSED%n", name);
            }
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume each paused connector and wait "
            + "until it runs: its tasks go on from their committed offsets.")
    static final class Resume extends OnConnectors {

        @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for RUNNING.")
        Duration timeout;

        @Override
        int run(ConnectRestClient rest, List<String> connectors, PrintWriter out) throws Exception {
            for (String name : connectors) {
                rest.resume(name);
            }
            return awaitRunning(rest, connectors, timeout, out);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete the connectors named; only "
            + "with --yes.", "Deleting keeps the connector's consumer group (connect-<name>) and its committed "
            + "offsets, until the brokers expire them (offsets.retention.minutes, 7 days by default): put back by "
            + "connectors apply within that time, it goes on where it stopped."})
    static final class Delete extends ConfiguredCommand {

        @Mixin
        ServiceOptions.Connect connect;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "The connectors to delete.")
        List<String> names;

        @Option(names = "--yes", description = "Delete them; without it the command only says what it would delete.")
        boolean yes;

        @Override
        Set<Component> needs() {
            return EnumSet.of(Component.CONNECT);
        }

        @Override
        List<ConfigOptions.Source> overrides() {
            return List.of(connect);
        }

        @Override
        int run(PipelineConfig config, PrintWriter out) throws Exception {
            ConnectRestClient rest = config.connectRest();
            // Every one must be there before any goes: a mistyped name deletes nothing.
            for (String name : names) {
                rest.status(name);
            }
            if (!yes) {
                throw new IllegalArgumentException("would delete " + String.join(", ", names) + " from "
                        + rest.baseUrl() + " (their consumer groups' offsets stay); add --yes to delete");
            }
            for (String name : names) {
                rest.deleteConnector(name);
                out.printf("deleted %s (its consumer group connect-%s and offsets stay)%n", name, name);
            }
            return 0;
        }
    }

    /** A connector's state and its tasks', e.g. {@code RUNNING   tasks 0 RUNNING, 1 FAILED}. */
    private static String states(ConnectRestClient.ConnectorStatus status) {
        return String.format("%-10s tasks %s", status.connector(), status.tasks().isEmpty() ? "none"
                : status.tasks().stream().map(t -> t.id() + " " + t.state()).collect(Collectors.joining(", ")));
    }

    /** {@code --sink row|debezium}. */
    static final class SinkName implements CommandLine.ITypeConverter<SinkDeployment.Sink> {
        @Override
        public SinkDeployment.Sink convert(String value) {
            return SinkDeployment.Sink.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
