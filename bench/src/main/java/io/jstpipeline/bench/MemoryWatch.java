package io.jstpipeline.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.jstpipeline.common.DaemonThreads;
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
    private static final String MAX_HEAP_FREE_RATIO = "MaxHeapFreeRatio";
    private final AtomicLong peakHeap = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("bench-memory-watch"));

    MemoryWatch() {
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max),
                0, 100, TimeUnit.MILLISECONDS);
    }

    long peakHeapBytes() {
        return peakHeap.get();
    }

    /** Heap still reachable: what the process keeps, not what it has yet to collect. */
    static long liveHeapBytes() {
        // A pipeline never calls System.gc(), and after it G1 shrank the heap to fit what was live: mid-run, it
        // then collected every few hundred ms, with back-to-back marking cycles, until it grew again (-Xlog:gc).
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String maxHeapFreeRatio = vm.getVMOption(MAX_HEAP_FREE_RATIO).getValue();
        vm.setVMOption(MAX_HEAP_FREE_RATIO, "100");
        try {
            System.gc();
            return MEMORY.getHeapMemoryUsage().getUsed();
        } finally {
            vm.setVMOption(MAX_HEAP_FREE_RATIO, maxHeapFreeRatio);
        }
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
