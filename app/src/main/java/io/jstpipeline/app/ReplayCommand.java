package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.ops.TableReplay;
import io.jstpipeline.ops.check.Component;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jst-pipeline replay --table T}: rebuilds one table from the raw topics, the live pipeline running on. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Rebuild one MySQL table from the raw topics into a staging table, then swap it in.",
                "The live pipeline keeps running; its connector writes into the rebuilt table after the swap."})
final class ReplayCommand extends ConfiguredCommand {

    @Option(names = "--table", required = true, description = "The table, e.g. order_list_query.")
    String table;

    @Mixin
    ServiceOptions.Kafka kafka;

    @Mixin
    ServiceOptions.Connect connect;

    @Mixin
    ServiceOptions.Database database;

    @Mixin
    ServiceOptions.Tables tables;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "How long the rebuild may take.")
    Duration timeout;

    @Override
    Set<Component> needs() {
        return EnumSet.of(Component.KAFKA, Component.CONNECT, Component.MYSQL);
    }

    @Override
    List<ConfigOptions.Source> overrides() {
        return List.of(kafka, connect, database, tables);
    }

    @Override
    int run(PipelineConfig config, PrintWriter out) throws Exception {
        new TableReplay(config.kafka(), config.connectRest(), config.database(),
                config.mappings(), config.topicLayout(), config.sinkConnectors())
                .replay(table, timeout, out::println);
        return 0;
    }
}
