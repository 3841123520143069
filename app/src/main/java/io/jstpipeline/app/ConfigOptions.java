package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --config FILE} and {@code --print-config}, for the commands that talk to the pipeline's services.
 * The effective configuration is the file, overridden by the environment (JST_…), overridden by the command's
 * own options; it is checked as a whole before the command starts anything.
 */
final class ConfigOptions {

    static final String CONFIG_ENV = "JST_CONFIG";

    @Option(names = "--config", paramLabel = "FILE",
            description = "The configuration file (see config/pipeline.example.yml; env " + CONFIG_ENV + "). "
                    + "Environment variables JST_<KEY> override it, options override both.")
    Path file;

    @Option(names = "--print-config", description = "Print the effective configuration, secrets masked, and exit.")
    boolean print;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private final Map<String, String> environment;

    /** Made by the command line's factory, which hands it the environment ({@link JstPipeline}). */
    ConfigOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * The effective configuration, its log format applied; with --print-config it is printed and the caller
     * returns 0 when {@link #printed()} says so.
     *
     * @throws IllegalArgumentException one line naming the key at fault
     */
    PipelineConfig load(List<Source> options) {
        Overrides overrides = new Overrides();
        for (Source option : options) {
            option.addTo(overrides);
        }
        Path chosen = file != null ? file : environment.containsKey(CONFIG_ENV) && !environment.get(CONFIG_ENV).isBlank()
                ? Path.of(environment.get(CONFIG_ENV)) : null;
        PipelineConfig config = PipelineConfig.load(chosen, environment, overrides.list());
        if (print) {
            command.commandLine().getOut().print(config.masked());
            command.commandLine().getOut().flush();
        } else {
            config.loggingFormat().apply();
        }
        return config;
    }

    /** Whether --print-config was given (and the configuration printed by {@link #load}). */
    boolean printed() {
        return print;
    }

    /** Options of a command that override configuration keys, e.g. {@code --bootstrap-servers}. */
    interface Source {
        void addTo(Overrides overrides);
    }

    /** Collects the command-line options that override configuration keys. */
    static final class Overrides {

        private final List<PipelineConfig.Override> given = new ArrayList<>();

        Overrides put(String key, Object value, String option) {
            if (value != null) {
                given.add(new PipelineConfig.Override(key, value instanceof List<?> list
                        ? String.join(",", list.stream().map(String::valueOf).toList()) : value.toString(), option));
            }
            return this;
        }

        List<PipelineConfig.Override> list() {
            return List.copyOf(given);
        }
    }
}
