package io.jstpipeline.app.full;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's heap held, in MiB, from the GC log the fixture has every JVM write ({@link DeployedLayout}): its
 * {@code -Xmx} ({@code Heap Max Capacity}), the most it held (before a collection, or now if it has grown since the
 * last one) and the most it still held after a collection, an upper bound of its live data.
 */
public record HeapUse(long maxMiB, long peakMiB, long peakAfterCollectionMiB, int collections) {

    /** The JVM option that makes a JVM write the GC log this reads to {@code file}. */
    public static String logOption(Path file) {
        return "-Xlog:gc,gc+init:file=" + file;
    }

    /** The JVM's uptime a line of the log begins with: {@code [12.345s]}. */
    private static final Pattern UPTIME = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]");
    private static final Pattern MAX = Pattern.compile("Heap Max Capacity: (\\d+)([KMG])");
    /** A collection's line: {@code GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->4M(256M) 3.456ms}. */
    private static final Pattern COLLECTION = Pattern.compile(" (\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)");
    /** jcmd GC.heap_info's first line: {@code garbage-first heap   total 262144K, used 98765K [...}. */
    private static final Pattern USED_NOW = Pattern.compile("total \\d+K, used (\\d+)K");

    /**
     * Reads {@code gcLog} of the JVM {@code pid}, the collections from {@code uptime} on (the JVM's time since it
     * started, which each line of the log begins with); while it runs, its heap now is asked of
     * {@code jcmd GC.heap_info} (beside the JVM that runs the test), so that growth since the last collection counts
     * too.
     */
    public static HeapUse of(Path gcLog, long pid, Duration uptime) throws IOException, InterruptedException {
        long max = 0;
        long peak = 0;
        long peakAfter = 0;
        int collections = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher maxLine = MAX.matcher(line);
            if (maxLine.find()) {
                max = mib(maxLine.group(1), maxLine.group(2));
            }
            Matcher at = UPTIME.matcher(line);
            Matcher collection = COLLECTION.matcher(line);
            if (at.find() && Double.parseDouble(at.group(1)) * 1000 >= uptime.toMillis() && collection.find()) {
                collections++;
                peak = Math.max(peak, mib(collection.group(1), collection.group(2)));
                peakAfter = Math.max(peakAfter, mib(collection.group(3), collection.group(4)));
            }
        }
        return new HeapUse(max, Math.max(peak, usedNow(pid)), peakAfter, collections);
    }

    /** The heap in use now by jcmd, or 0 where the JVM is gone or has no jcmd. */
    private static long usedNow(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd) || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
            return 0;
        }
        Process asked = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                .redirectErrorStream(true).start();
        String answer = new String(asked.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!asked.waitFor(30, TimeUnit.SECONDS)) {
            asked.destroyForcibly();
        }
        Matcher used = USED_NOW.matcher(answer);
        return used.find() ? Long.parseLong(used.group(1)) / 1024 : 0;
    }

    private static long mib(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
