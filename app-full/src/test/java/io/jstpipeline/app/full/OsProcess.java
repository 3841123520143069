package io.jstpipeline.app.full;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process a test started: stopped by its pid, its output (stdout and stderr together) in a log file; a JVM the
 * deployed layout starts writes its GC log beside it ({@link #gcLog()}).
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

    /** Where a JVM {@link DeployedLayout} started logs its collections: {@code <name>-<n>.gc.log} beside its log. */
    public Path gcLog() {
        return gcLogBeside(log);
    }

    static Path gcLogBeside(Path log) {
        return log.resolveSibling(log.getFileName().toString().replaceFirst("\\.log$", "") + ".gc.log");
    }

    /** What its heap held since {@code since} (or its start), from its GC log; ask before it ends. */
    public HeapUse heapUse(Instant since) throws IOException, InterruptedException {
        Instant started = process.info().startInstant().orElseThrow();
        return HeapUse.of(gcLog(), process.pid(), since.isAfter(started) ? Duration.between(started, since)
                : Duration.ZERO);
    }

    /** The most resident memory it had, in MiB (VmHWM of /proc/<pid>/status, Linux); ask before it ends. */
    public long peakRssMiB() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:")).findFirst()
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
                .orElseThrow(() -> new IOException("no VmHWM in /proc/" + process.pid() + "/status"));
    }

    /** Its last 80 lines, headed by its name and pid: for an assertion's message. */
    public String tail() {
        List<String> lines = output().lines().toList();
        return "--- " + name + " (pid " + process.pid() + ", " + log.getFileName() + ")\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
