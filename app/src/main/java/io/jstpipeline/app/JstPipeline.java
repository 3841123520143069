package io.jstpipeline.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jst-pipeline} command line. */
@Command(name = "jst-pipeline",
        mixinStandardHelpOptions = true,
        version = "jst-pipeline 0.1.0",
        description = "Jushuitan (聚水潭) documents into MySQL through Kafka.",
        subcommands = {DemoCommand.class, SandboxCommand.class})
public final class JstPipeline implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new JstPipeline()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
