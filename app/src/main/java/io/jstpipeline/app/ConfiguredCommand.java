package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.ops.TopicLayout;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works from the pipeline's configuration: the file, the environment and the command's own options,
 * checked as a whole before anything starts; with {@code --print-config} it prints that and does nothing else.
 */
abstract class ConfiguredCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions configuration;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PipelineConfig config = configuration.load(overrides());
        return configuration.printed() ? 0 : run(config, spec.commandLine().getOut());
    }

    /** The command's options that override configuration keys. */
    abstract List<ConfigOptions.Source> overrides();

    /**
     * Creates the topics {@code which} names that are missing, and stops the command on one that exists with a
     * setting its role does not allow: every service lays out what it writes, so none is left to a broker's defaults.
     *
     * @throws TopicLayout.TopicMismatchException a line per topic at fault, naming the setting and the fix
     */
    static void ensureTopics(PipelineConfig config, Function<TopicLayout, List<TopicLayout.Topic>> which)
            throws Exception {
        TopicLayout layout = config.topicLayout();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            layout.ensure(admin, which.apply(layout), config.bootstrapServers());
        }
    }

    /** The command's work on a checked configuration; returns the exit code. */
    abstract int run(PipelineConfig config, PrintWriter out) throws Exception;
}
