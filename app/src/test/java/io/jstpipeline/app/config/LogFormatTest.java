package io.jstpipeline.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/** The shipped log4j2.properties writes one JSON object a line when logging.format is json. */
class LogFormatTest {

    @Test
    void jsonFormatWritesOneJsonObjectPerLine() throws Exception {
        List<String> lines = logWithShippedConfiguration("json");

        assertThat(lines).hasSize(1);
        JsonNode line = Json.MAPPER.readTree(lines.get(0));
        assertThat(line.path("message").asText()).isEqualTo("window 2025-01-01 done: 42 documents");
        assertThat(line.path("log.level").asText()).isEqualTo("INFO");
        assertThat(line.path("log.logger").asText()).isEqualTo("io.jstpipeline.extractor.flow.FlowRunner");
        assertThat(line.has("@timestamp")).isTrue();
    }

    @Test
    void textFormatIsThePlainPatternWithDateZoneAndThread() throws Exception {
        List<String> lines = logWithShippedConfiguration("text");

        // A line must be placed in time across days and zones, and told apart from the other threads' lines.
        assertThat(lines).singleElement().asString()
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO  \\["
                        + Pattern.quote(Thread.currentThread().getName())
                        + "] FlowRunner - window 2025-01-01 done: 42 documents");
    }

    /** Logs one line through a fresh context configured by the main log4j2.properties, and returns stderr. */
    private static List<String> logWithShippedConfiguration(String format) throws URISyntaxException {
        String propertyBefore = System.getProperty(LogFormat.PROPERTY);
        PrintStream errBefore = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty(LogFormat.PROPERTY, format);
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext("log-format-test");
        try {
            // The test classpath's log4j2-test.properties would win a plain lookup: name the shipped file.
            context.setConfigLocation(LogFormatTest.class.getResource("/log4j2.properties").toURI());
            context.start();
            context.getLogger("io.jstpipeline.extractor.flow.FlowRunner").info("window {} done: {} documents",
                    "2025-01-01", 42);
        } finally {
            context.stop();
            System.setErr(errBefore);
            if (propertyBefore == null) {
                System.clearProperty(LogFormat.PROPERTY);
            } else {
                System.setProperty(LogFormat.PROPERTY, propertyBefore);
            }
        }
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
