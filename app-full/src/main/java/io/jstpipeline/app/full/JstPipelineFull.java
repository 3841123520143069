package io.jstpipeline.app.full;

import io.jstpipeline.app.JstPipeline;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code jst-pipeline} command line of the full runtime: the service runtime's commands plus {@code demo},
 * {@code sandbox} and {@code bench}.
 */
public final class JstPipelineFull {

    private JstPipelineFull() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    static CommandLine commandLine(Map<String, String> environment) {
        return JstPipeline.commandLine(environment, List.of(new DemoCommand(), new SandboxCommand(), new BenchCommand()));
    }
}
