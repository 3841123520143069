package io.jstpipeline.app;

import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.transformer.table.Mappings;
import io.jstpipeline.transformer.table.TableDdl;
import io.jstpipeline.transformer.table.TableMapping;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jst-pipeline connectors apply}: puts the sink connectors to a Kafka Connect cluster. */
@Command(name = "connectors", mixinStandardHelpOptions = true, description = "Manage the JDBC sink connectors.",
        subcommands = ConnectorsCommand.Apply.class)
final class ConnectorsCommand {

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Create or update the sink connector of every table on a Connect cluster, then wait "
                    + "until they run.",
                    "As shipped, the connectors read the database from the workers' environment (JST_MYSQL_URL, "
                            + "JST_MYSQL_USER, JST_MYSQL_PASSWORD through EnvVarConfigProvider); --mysql-url puts "
                            + "the database into the connector configuration instead."})
    static final class Apply implements Callable<Integer> {

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

        @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for RUNNING.")
        Duration timeout;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Mappings mappings = tables.mappings();
            DatabaseTarget target = database.given() || history ? database.target() : null;
            ConnectRestClient rest = connect.rest();
            PrintWriter out = spec.commandLine().getOut();
            for (TableMapping table : mappings.tables()) {
                Map<String, String> config = target == null
                        ? SinkConnectors.config(table.name()) : SinkConnectors.config(table.name(), target);
                rest.putConnector(SinkConnectors.name(table.name()), config);
                out.printf("put %s (table %s)%n", SinkConnectors.name(table.name()), table.name());
            }
            if (history) {
                for (TableMapping table : mappings.tables()) {
                    TableSchema.create(target, TableDdl.createHistoryTable(table));
                    rest.putConnector(SinkConnectors.historyName(table.name()),
                            SinkConnectors.historyConfig(table.name(), target));
                    out.printf("put %s (table %s)%n", SinkConnectors.historyName(table.name()),
                            TableDdl.historyName(table));
                }
            }
            for (TableMapping table : mappings.tables()) {
                out.printf("%s %s%n", SinkConnectors.name(table.name()),
                        rest.awaitRunning(SinkConnectors.name(table.name()), timeout).connector());
                if (history) {
                    out.printf("%s %s%n", SinkConnectors.historyName(table.name()),
                            rest.awaitRunning(SinkConnectors.historyName(table.name()), timeout).connector());
                }
            }
            return 0;
        }
    }
}
