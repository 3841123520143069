package io.jstpipeline.app;

import io.jstpipeline.app.local.TableReplay;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.transformer.table.Mappings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jst-pipeline replay --table T}: rebuilds one table from the raw topics, the live pipeline running on. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Rebuild one MySQL table from the raw topics into a staging table, then swap it in.",
                "The live pipeline keeps running; its connector writes into the rebuilt table after the swap."})
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--table", required = true, description = "The table, e.g. order_list_query.")
    String table;

    @Option(names = "--bootstrap-servers", required = true, defaultValue = "${env:JST_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers (env JST_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--connect-url", required = true, defaultValue = "${env:JST_CONNECT_URL}",
            description = "The Kafka Connect REST API (env JST_CONNECT_URL).")
    String connectUrl;

    @Option(names = "--mysql-url", required = true, defaultValue = "${env:JST_MYSQL_URL}",
            description = "The database (env JST_MYSQL_URL).")
    String mysqlUrl;

    @Option(names = "--mysql-user", defaultValue = "${env:JST_MYSQL_USER}", description = "(env JST_MYSQL_USER)")
    String mysqlUser;

    @Option(names = "--mysql-password", defaultValue = "${env:JST_MYSQL_PASSWORD}",
            description = "Default: the environment variable JST_MYSQL_PASSWORD.")
    String mysqlPassword;

    @Option(names = "--mappings-file", description = "The tables; default: the built-in mapping.")
    Path mappingsFile;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "How long the rebuild may take.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Mappings mappings = mappingsFile == null ? Mappings.builtIn() : Mappings.load(mappingsFile);
        PrintWriter out = spec.commandLine().getOut();
        new TableReplay(bootstrapServers, new ConnectRestClient(connectUrl),
                new DatabaseTarget(mysqlUrl, mysqlUser == null ? "root" : mysqlUser, mysqlPassword), mappings)
                .replay(table, timeout, out::println);
        return 0;
    }
}
