package io.jstpipeline.app.full;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process a test started: stopped by its pid, its output (stdout and stderr together) in a log file.
 *
 * @param command the command line, so that the same process can be started again after a kill -9
 * @param env     what was added to the test's environment
 */
public record OsProcess(String name, List<String> command, Map<String, String> env, Process process, Path log) {

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    public void stop() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "--- " + name + ": " + e;
        }
    }

    /** Its last 80 lines, headed by its name and pid: for an assertion's message. */
    public String tail() {
        List<String> lines = output().lines().toList();
        return "--- " + name + " (pid " + process.pid() + ", " + log.getFileName() + ")\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
