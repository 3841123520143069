package io.jstpipeline.common;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the pipeline's background work: daemon threads, so that none keeps a JVM alive after
 * its service closed, named so that a thread dump or a profile says which stage a thread works for.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Daemon threads all called {@code name}: for an executor of one thread. */
    public static ThreadFactory named(String name) {
        return runnable -> daemon(runnable, name);
    }

    /** Daemon threads called {@code prefix1}, {@code prefix2}, …: for a pool. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> daemon(runnable, prefix + count.incrementAndGet());
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
