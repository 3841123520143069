package io.jstpipeline.app.full;

import io.jstpipeline.app.JstPipeline;
import java.util.List;

/**
 * The {@code jst-pipeline} command line of the full runtime: the service runtime's commands plus {@code demo},
 * {@code sandbox} and {@code bench}.
 */
public final class JstPipelineFull {

    private JstPipelineFull() {
    }

    public static void main(String[] args) {
        System.exit(JstPipeline.commandLine(System.getenv(), commands()).execute(args));
    }

    static List<Object> commands() {
        return List.of(new DemoCommand(), new SandboxCommand(), new BenchCommand());
    }
}
