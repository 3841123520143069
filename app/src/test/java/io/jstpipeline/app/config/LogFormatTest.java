package io.jstpipeline.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    void textFormatIsThePlainPattern() throws Exception {
        List<String> lines = logWithShippedConfiguration("text");

        assertThat(lines).singleElement().asString()
                .endsWith("INFO  FlowRunner - window 2025-01-01 done: 42 documents")
                .doesNotStartWith("{");
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
