package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
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

    /** The command's work on a checked configuration; returns the exit code. */
    abstract int run(PipelineConfig config, PrintWriter out) throws Exception;
}
