package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.ops.TopicLayout;
import io.jstpipeline.ops.check.CheckFailedException;
import io.jstpipeline.ops.check.Component;
import io.jstpipeline.ops.check.Failure;
import io.jstpipeline.ops.check.FailureKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jst-pipeline} command line of the service runtime: the services and the operator's commands. The
 * full runtime (module app-full) adds {@code demo}, {@code sandbox} and {@code bench}, which run the embedded stack;
 * here those names only say so.
 */
@Command(name = "jst-pipeline",
        mixinStandardHelpOptions = true,
        version = "jst-pipeline 0.1.0",
        description = "Jushuitan (聚水潭) documents into MySQL through Kafka.",
        subcommands = {CheckCommand.class, TopicsCommand.class, ExtractCommand.class, BackfillCommand.class, TransformCommand.class,
                ConnectorsCommand.class, ReplayCommand.class, ReconcileCommand.class,
                StatusCommand.class, RunCommand.class, DlqCommand.class})
public final class JstPipeline implements Runnable {

    /** The commands only the full runtime has. */
    public static final List<String> FULL_RUNTIME_COMMANDS = List.of("demo", "sandbox", "bench");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line; a failure of a known kind ends the command with one line instead of a stack trace, and the
     * kind's exit code ({@link FailureKind}): a configuration error naming the setting at fault, or a topic laid out
     * wrong for its role (a line per topic), 2; Kafka, Connect, MySQL or the Qimen gateway not answering, naming
     * it and its address, 3; one of them refusing the credentials, 4; a refusal no retry mends, 1.
     */
    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line reading its configuration's overrides from {@code environment} instead of the process's. */
    static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(environment, List.of());
    }

    /**
     * The command line with the full runtime's commands ({@code demo}, {@code sandbox}, {@code bench}) given;
     * a full-runtime name without its command answers that it needs the full runtime.
     */
    public static CommandLine commandLine(Map<String, String> environment, List<Object> fullRuntimeCommands) {
        CommandLine commandLine = new CommandLine(new JstPipeline(), new EnvironmentFactory(Map.copyOf(environment)));
        fullRuntimeCommands.forEach(commandLine::addSubcommand);
        FULL_RUNTIME_COMMANDS.stream().filter(name -> !commandLine.getSubcommands().containsKey(name))
                .forEach(name -> commandLine.addSubcommand(name, new FullRuntimeOnly()));
        return commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof TopicLayout.TopicMismatchException mismatch) {
                // A line per topic at fault, each naming the setting, what it must be and the fix.
                mismatch.problems().forEach(problem -> cmd.getErr().println(cmd.getCommandSpec().qualifiedName()
                        + ": " + problem.line()));
                return FailureKind.CONFIGURATION.exitCode();
            }
            Optional<Failure> failure = Failure.of(e);
            if (failure.isEmpty()) {
                throw e;
            }
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + line(e, failure.get(),
                    cmd.getCommand() instanceof ConfiguredCommand configured ? configured.loaded() : null));
            return failure.get().kind().exitCode();
        });
    }

    /**
     * The one line of a failure: the component and its address (from the configuration), and what went wrong;
     * a component's check already says it all.
     */
    private static String line(Exception e, Failure failure, PipelineConfig config) {
        if (e instanceof CheckFailedException failed) {
            // With its address not set, the detail names that setting: "gateway (qimen.gateway-url not set)" adds nothing.
            return failed.finding().target().equals(DeploymentChecks.notSet(failed.finding().component()))
                    ? failure.detail() : failed.finding().summary();
        }
        if (e instanceof IllegalArgumentException || failure.component() == null) {
            return e.getMessage();
        }
        return failure.component() + " " + (config == null ? "" : DeploymentChecks.target(config, failure.component())
                + (failure.component() == Component.KAFKA ? " (kafka.bootstrap-servers)" : "") + ": ")
                + failure.detail();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Makes the commands and their mixins, handing the environment (the process's, or a test's stand-in) to the
     * mixins that read it, so that no command reaches back to the root for it.
     */
    private record EnvironmentFactory(Map<String, String> environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ConfigOptions.class) {
                return type.cast(new ConfigOptions(environment));
            }
            if (type == ServiceOptions.Database.class) {
                return type.cast(new ServiceOptions.Database(environment));
            }
            if (type == MetricsOptions.class) {
                return type.cast(new MetricsOptions(environment));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** A full-runtime command asked of the service runtime. */
    @Command(description = "Needs the full runtime: ./jst-pipeline from a source checkout.")
    static final class FullRuntimeOnly implements Callable<Integer> {

        @CommandLine.Unmatched
        List<String> arguments;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("jst-pipeline " + spec.name() + ": needs the full runtime (the "
                    + "embedded broker, Connect worker and database, and the sandbox), which the service runtime "
                    + "and its image leave out; run ./jst-pipeline " + spec.name() + " from a source checkout");
            return 2;
        }
    }
}
