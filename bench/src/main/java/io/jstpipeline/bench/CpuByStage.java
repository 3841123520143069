package io.jstpipeline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.LongStream;

/**
 * The CPU time each stage used during a pipeline run, from the JVM's per-thread counters (threads grouped by
 * name) and, for an embedded database, its server process. On a machine where every stage shares the cores,
 * this shows which stage the cores went to. Threads that end during the run are not counted.
 */
final class CpuByStage {

    /** Clock ticks per second of /proc/<pid>/stat, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> threadNanosBefore = new HashMap<>();
    private final OptionalLong databaseTicksBefore;

    private CpuByStage() {
        for (long id : THREADS.getAllThreadIds()) {
            threadNanosBefore.put(id, Math.max(0, THREADS.getThreadCpuTime(id)));
        }
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
        Map<String, Double> sorted = new LinkedHashMap<>();
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        OptionalLong databaseTicks = databaseTicks();
        if (databaseTicks.isPresent() && databaseTicksBefore.isPresent()) {
            sorted.put("database", (databaseTicks.getAsLong() - databaseTicksBefore.getAsLong()) / TICKS_PER_SECOND);
        }
        return sorted;
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
        if (thread.startsWith("task-thread-") || thread.contains("connector-")) {
            return "sink";
        }
        if (thread.contains("kafka") || thread.contains("raft") || thread.contains("broker")
                || thread.contains("ExpirationReaper") || thread.contains("controller")
                || thread.contains("coordinator")) {
            return "broker";
        }
        return "other";
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
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
