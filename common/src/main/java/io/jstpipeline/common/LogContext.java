package io.jstpipeline.common;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * Puts what a thread is working on (a flow, a window, a document) into the SLF4J MDC, so that every log
 * line written meanwhile carries it ({@code %X{flow}} in a log pattern). Closing restores the value that was
 * there before, so nested scopes (a run of a flow, then each of its windows) leave the outer one intact.
 */
public final class LogContext implements AutoCloseable {

    public static final String FLOW = "flow";
    public static final String WINDOW = "window";
    public static final String DOCUMENT = "document";

    private final String key;
    private final String previous;

    private LogContext(String key, String value) {
        this.key = key;
        this.previous = MDC.get(key);
        MDC.put(key, value);
    }

    /** {@code key} = {@code value} until closed. */
    public static LogContext with(String key, String value) {
        return new LogContext(key, value);
    }

    /**
     * {@code task}, to be run on another thread with the context this thread has now: the MDC is per thread, so
     * work handed to a pool would otherwise log without the flow and window it belongs to. The running thread's
     * own context is restored afterwards.
     */
    public static <T> Callable<T> carriedInto(Callable<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> own = MDC.getCopyOfContextMap();
            replaceContext(context);
            try {
                return task.call();
            } finally {
                replaceContext(own);
            }
        };
    }

    private static void replaceContext(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
