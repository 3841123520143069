package io.jstpipeline.bench;

import io.jstpipeline.common.DaemonThreads;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The process's memory: heap in use (peak sampled every 100 ms, and live after a GC) and resident set size. */
final class MemoryWatch implements AutoCloseable {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakHeap = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("bench-memory-watch"));

    MemoryWatch() {
        // A pipeline never calls System.gc(), but liveHeapBytes() does mid-run, and G1 then shrank the heap to
        // fit what was live: it collected every few hundred ms, with back-to-back marking cycles, until it grew
        // again (-Xlog:gc). Keep the heap as large as the run made it.
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).setVMOption("MaxHeapFreeRatio", "100");
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max),
                0, 100, TimeUnit.MILLISECONDS);
    }

    long peakHeapBytes() {
        return peakHeap.get();
    }

    /** Heap still reachable: what the process keeps, not what it has yet to collect. */
    static long liveHeapBytes() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Peak resident set size (VmHWM) of this process, or -1 where /proc does not tell. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
