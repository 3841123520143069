package io.jstpipeline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.LongStream;

/**
 * The CPU time each stage used during a pipeline run, from the JVM's per-thread counters (threads grouped by
 * name), the JVM's own garbage collector and JIT compiler threads (which those counters do not show) and, for an
 * embedded database, its server process. On a machine where every stage shares the cores, this shows which stage
 * the cores went to. Threads that end during the run are not counted.
 */
final class CpuByStage {

    /** Clock ticks per second of /proc/<pid>/stat, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> threadNanosBefore = new HashMap<>();
    private final Map<String, Long> jvmTicksBefore;
    private final OptionalLong databaseTicksBefore;

    private CpuByStage() {
        for (long id : THREADS.getAllThreadIds()) {
            threadNanosBefore.put(id, Math.max(0, THREADS.getThreadCpuTime(id)));
        }
        jvmTicksBefore = jvmTicks();
        databaseTicksBefore = databaseTicks();
    }

    static CpuByStage start() {
        return new CpuByStage();
    }

    /** CPU seconds per stage since {@link #start()}, largest first, the database last when it is ours. */
    Map<String, Double> seconds() {
        Map<String, Double> seconds = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long nanos = THREADS.getThreadCpuTime(id);
            if (info == null || nanos < 0) {
                continue;
            }
            double used = (nanos - threadNanosBefore.getOrDefault(id, 0L)) / 1e9;
            seconds.merge(stage(info.getThreadName()), used, Double::sum);
        }
        jvmTicks().forEach((stage, ticks) ->
                seconds.put(stage, (ticks - jvmTicksBefore.getOrDefault(stage, 0L)) / TICKS_PER_SECOND));
        Map<String, Double> sorted = new LinkedHashMap<>();
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        OptionalLong databaseTicks = databaseTicks();
        if (databaseTicks.isPresent() && databaseTicksBefore.isPresent()) {
            sorted.put("database", (databaseTicks.getAsLong() - databaseTicksBefore.getAsLong()) / TICKS_PER_SECOND);
        }
        return sorted;
    }

    /** ", stage seconds" for each stage, in the order given. */
    static String describe(Map<String, Double> seconds) {
        StringBuilder stages = new StringBuilder();
        seconds.forEach((stage, s) -> stages.append(String.format(", %s %.0f", stage, s)));
        return stages.toString();
    }

    /** The stage a thread of this process works for, by the names Kafka, Connect and our services give them. */
    static String stage(String thread) {
        if (thread.startsWith("qimen-sandbox") || thread.startsWith("HTTP-Dispatcher")) {
            return "sandbox";
        }
        if (thread.contains("jst-extractor") || thread.startsWith("OkHttp") || thread.startsWith("bench-extraction")) {
            return "extractor";
        }
        if (thread.contains("StreamThread") || thread.contains("jst-transformer")) {
            return "transformer";
        }
        if (thread.startsWith("task-thread-") || thread.contains("connector-") || thread.startsWith("jst-sink-")) {
            return "sink";
        }
        if (thread.contains("kafka") || thread.contains("raft") || thread.contains("broker")
                || thread.contains("ExpirationReaper") || thread.contains("controller")
                || thread.contains("coordinator")) {
            return "broker";
        }
        return "other";
    }

    /** The JVM's own threads, which {@link ThreadMXBean} does not list, by their names in /proc; null for others. */
    static String jvmStage(String thread) {
        if (thread.contains("GC") || thread.startsWith("G1 ")) {
            return "gc";
        }
        return thread.contains("CompilerThre") ? "jit" : null;
    }

    /** utime + stime of the JVM's garbage collector and JIT threads, per stage; empty where /proc is not. */
    private static Map<String, Long> jvmTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path thread : threads) {
                String stat = Files.readString(thread.resolve("stat"));
                String stage = jvmStage(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                if (stage != null) {
                    ticks.merge(stage, ticks(stat), Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ticks;
    }

    /** utime + stime of the embedded database server, a child process of this one; empty for an outside one. */
    private static OptionalLong databaseTicks() {
        long[] ticks = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("mysqld") || c.endsWith("mariadbd")).orElse(false))
                .mapToLong(CpuByStage::ticks).filter(t -> t >= 0).toArray();
        return ticks.length == 0 ? OptionalLong.empty() : OptionalLong.of(LongStream.of(ticks).sum());
    }

    private static long ticks(ProcessHandle process) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a /proc stat line. */
    private static long ticks(String stat) {
        // Fields after the command, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
