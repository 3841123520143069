package io.jstpipeline.common.metrics;

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

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
