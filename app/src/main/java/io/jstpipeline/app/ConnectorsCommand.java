package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.ops.check.Component;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jst-pipeline connectors apply}: puts the sink connectors to a Kafka Connect cluster. */
@Command(name = "connectors", mixinStandardHelpOptions = true, description = "Manage the JDBC sink connectors.",
        subcommands = ConnectorsCommand.Apply.class)
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
            ensureTopics(config, layout -> layout.sinkTopics(sinks.tables(history)));
            sinks.apply(history, timeout, out);
            return 0;
        }
    }

    /** {@code --sink row|debezium}. */
    static final class SinkName implements CommandLine.ITypeConverter<SinkDeployment.Sink> {
        @Override
        public SinkDeployment.Sink convert(String value) {
            return SinkDeployment.Sink.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
