package io.jstpipeline.app;

import io.jstpipeline.extractor.QimenApiException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jst-pipeline} command line. */
@Command(name = "jst-pipeline",
        mixinStandardHelpOptions = true,
        version = "jst-pipeline 0.1.0",
        description = "Jushuitan (聚水潭) documents into MySQL through Kafka.",
        subcommands = {DemoCommand.class, ExtractCommand.class, BackfillCommand.class, TransformCommand.class,
                ConnectorsCommand.class, ReplayCommand.class, ReconcileCommand.class,
                StatusCommand.class, RunCommand.class, BenchCommand.class,
                SandboxCommand.class})
public final class JstPipeline implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    private JstPipeline(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The environment the configuration's JST_… overrides are read from. */
    Map<String, String> environment() {
        return environment;
    }

    /** The environment of the command line a (sub)command runs in. */
    static Map<String, String> environment(CommandLine.Model.CommandSpec command) {
        return ((JstPipeline) command.root().userObject()).environment();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line; a configuration error ends the command with one line naming the setting at fault
     * (exit code 2), and an API refusal no retry mends with one line naming the gateway's code (exit code 1),
     * instead of a stack trace.
     */
    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line reading its configuration's overrides from {@code environment} instead of the process's. */
    static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new JstPipeline(environment)).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("jst-pipeline " + cmd.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            if (e instanceof QimenApiException) {
                // The message names the call, the gateway's code and text; never the secret.
                cmd.getErr().println("jst-pipeline " + cmd.getCommandName() + ": the API refused: " + e.getMessage());
                return 1;
            }
            throw e;
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
