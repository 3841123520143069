package io.jstpipeline.app;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Every log line (with stack traces) written while it is open, the pipeline's own down to DEBUG. */
public final class CapturedLogs implements AutoCloseable {

    private static final String NAME = "captured";
    private static final String OUR_LOGGERS = "io.jstpipeline";

    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;
    private final Level ourLevelBefore;

    public CapturedLogs() {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%p %c - %m%n%ex").build(),
                null, text, NAME, false, true);
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        LoggerConfig ours = config.getLoggerConfig(OUR_LOGGERS);
        ourLevelBefore = ours.getLevel();
        ours.setLevel(Level.DEBUG);
        if (!ours.getName().equals(OUR_LOGGERS)) {
            throw new IllegalStateException("log4j2-test.properties must configure the logger " + OUR_LOGGERS);
        }
        context.updateLoggers();
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(NAME);
        config.getLoggerConfig(OUR_LOGGERS).setLevel(ourLevelBefore);
        context.updateLoggers();
        appender.stop();
    }
}
