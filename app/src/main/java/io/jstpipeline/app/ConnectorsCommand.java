package io.jstpipeline.app;

import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.transformer.table.Mappings;
import io.jstpipeline.transformer.table.TableMapping;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

        @Option(names = "--connect-url", required = true, defaultValue = "${env:JST_CONNECT_URL}",
                description = "The Kafka Connect REST API, e.g. http://connect:8083 (env JST_CONNECT_URL).")
        String connectUrl;

        @Option(names = "--mappings-file", description = "The tables; default: the built-in mapping.")
        Path mappingsFile;

        @Option(names = "--mysql-url", description = "Put this database into the configurations.")
        String mysqlUrl;

        @Option(names = "--mysql-user", defaultValue = "root", description = "Default: ${DEFAULT-VALUE}.")
        String mysqlUser;

        @Option(names = "--mysql-password", defaultValue = "${env:JST_MYSQL_PASSWORD}",
                description = "Default: the environment variable JST_MYSQL_PASSWORD.")
        String mysqlPassword;

        @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for RUNNING.")
        Duration timeout;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (connectUrl == null || connectUrl.isBlank()) {
                throw new IllegalArgumentException("--connect-url is not set");
            }
            Mappings mappings = mappingsFile == null ? Mappings.builtIn() : Mappings.load(mappingsFile);
            DatabaseTarget database = mysqlUrl == null ? null : new DatabaseTarget(mysqlUrl, mysqlUser, mysqlPassword);
            ConnectRestClient rest = new ConnectRestClient(connectUrl);
            PrintWriter out = spec.commandLine().getOut();
            for (TableMapping table : mappings.tables()) {
                Map<String, String> config = database == null
                        ? SinkConnectors.config(table.name()) : SinkConnectors.config(table.name(), database);
                rest.putConnector(SinkConnectors.name(table.name()), config);
                out.printf("put %s (table %s)%n", SinkConnectors.name(table.name()), table.name());
            }
            for (TableMapping table : mappings.tables()) {
                out.printf("%s %s%n", SinkConnectors.name(table.name()),
                        rest.awaitRunning(SinkConnectors.name(table.name()), timeout).connector());
            }
            return 0;
        }
    }
}
