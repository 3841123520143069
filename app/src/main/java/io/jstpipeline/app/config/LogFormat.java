package io.jstpipeline.app.config;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * logging.format: log4j2.properties sends the root logger to the appender named by the system property
 * {@value #PROPERTY} (else the environment variable JST_LOGGING_FORMAT, else text). A format chosen in the
 * configuration file is applied by setting that property and reconfiguring, before the service logs a line.
 */
public enum LogFormat {
    TEXT, JSON;

    public static final String PROPERTY = "jst.logging.format";

    /** Switches the console's layout to this format, unless it is the one already in use. */
    public void apply() {
        String name = name().toLowerCase(Locale.ROOT);
        String inUse = System.getProperty(PROPERTY, System.getenv().getOrDefault("JST_LOGGING_FORMAT", "text"));
        if (name.equals(inUse)) {
            // Reconfiguring would also drop appenders added at run time (a test's captured log) for nothing.
            return;
        }
        System.setProperty(PROPERTY, name);
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            context.reconfigure();
        }
    }
}
