package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service commands with a bad configuration stop before touching anything, with one line naming the key. */
class ConfigCommandTest {

    private static final String SECRET = "s3cr3t-app-secret";
    /** Nothing listens here: a command that got past its configuration would fail differently. */
    private static final String VALID = """
            kafka:
              bootstrap-servers: 127.0.0.1:1
            qimen:
              gateway-url: http://127.0.0.1:1/router/qm
              app-key: k
              customer-id: c
            connect:
              url: http://127.0.0.1:1
            mysql:
              url: jdbc:mariadb://127.0.0.1:1/jst
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aMissingGatewayUrlStopsExtractAndRun() throws IOException {
        Path config = write(VALID.replace("  gateway-url: http://127.0.0.1:1/router/qm\n", ""));
        for (String command : List.of("extract", "run")) {
            err.getBuffer().setLength(0);
            // The database's user given: run checks every part it needs before it starts, and names each gap.
            assertStopsNaming(run(Map.of("JST_QIMEN_APP_SECRET", SECRET, "JST_MYSQL_USER", "jst"), command,
                    "--config", config.toString()), command, "qimen.gateway-url is not set");
        }
    }

    @Test
    void aNonNumericRateInTheFileStopsRun() throws IOException {
        Path config = write(VALID.replace("qimen:\n", "qimen:\n  rate-limit:\n    per-second: five\n"));
        assertStopsNaming(run(Map.of(), "run", "--config", config.toString()), "run",
                "qimen.rate-limit.per-second must be a whole number, got \"five\" (from " + config + ")");
    }

    @Test
    void aNonNumericRateInTheEnvironmentStopsExtractNamingTheVariable() throws IOException {
        Path config = write(VALID);
        assertStopsNaming(run(Map.of("JST_QIMEN_RATE_LIMIT_PER_SECOND", "five", "JST_QIMEN_APP_SECRET", SECRET),
                        "extract", "--once", "--config", config.toString()), "extract",
                "qimen.rate-limit.per-second must be a whole number, got \"five\" "
                        + "(from environment variable JST_QIMEN_RATE_LIMIT_PER_SECOND)");
    }

    @Test
    void aPageConcurrencyOutOfRangeStopsExtractAndRun() throws IOException {
        Path config = write(VALID + "extractor:\n  page-concurrency: 32\n");
        for (String command : List.of("extract", "run")) {
            err.getBuffer().setLength(0);
            assertStopsNaming(run(Map.of("JST_QIMEN_APP_SECRET", SECRET), command, "--config", config.toString()),
                    command, "extractor.page-concurrency must be from 1 to 16, got 32 (from " + config + ")");
        }
    }

    @Test
    void anUnknownFlowStopsExtract() throws IOException {
        Path config = write(VALID + "extractor:\n  flows: [saleout, refunds]\n");
        assertStopsNaming(run(Map.of(), "extract", "--config", config.toString()), "extract",
                "extractor.flows: unknown flow refunds");
    }

    @Test
    void anUnknownFlowOnTheCommandLineIsNamedWithItsOption() throws IOException {
        assertStopsNaming(run(Map.of(), "extract", "--config", write(VALID).toString(), "--flow", "refunds"),
                "extract", "extractor.flows: unknown flow refunds");
        assertThat(err.toString()).contains("(from option --flow)");
    }

    @Test
    void anUnknownKeyStopsTransformAndConnectorsApply() throws IOException {
        Path config = write(VALID + "transformer:\n  aplication-id: x\n");
        assertStopsNaming(run(Map.of(), "transform", "--config", config.toString()), "transform",
                "unknown key transformer.aplication-id");
        err.getBuffer().setLength(0);
        assertStopsNaming(run(Map.of(), "connectors", "apply", "--config", config.toString()), "connectors apply",
                "unknown key transformer.aplication-id");
    }

    @Test
    void theConfigurationFileCanComeFromJstConfig() throws IOException {
        Path config = write(VALID.replace("kafka:\n", "kafka:\n  partitions: many\n"));
        assertStopsNaming(run(Map.of("JST_CONFIG", config.toString()), "run"), "run",
                "kafka.partitions must be a whole number");
    }

    @Test
    void printConfigShowsTheEffectiveConfigurationWithSecretsMaskedAndExitsZero() throws IOException {
        Path config = write(VALID);
        int exit = run(Map.of("JST_QIMEN_APP_SECRET", SECRET, "JST_MYSQL_PASSWORD", "db-pass-1",
                "JST_CONNECT_TASKS_MAX", "4"), "run", "--config", config.toString(), "--print-config");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).doesNotContain(SECRET, "db-pass-1")
                .contains("app-secret: ******", "password: ******", "bootstrap-servers: \"127.0.0.1:1\"",
                        "tasks-max: 4  # from environment variable JST_CONNECT_TASKS_MAX");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void commandLineOptionsOverrideTheFile() throws IOException {
        int exit = run(Map.of(), "extract", "--config", write(VALID).toString(), "--instance", "shop-2",
                "--print-config");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("instance: \"shop-2\"  # from option --instance");
    }

    private int run(Map<String, String> environment, String... args) {
        return JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    private void assertStopsNaming(int exit, String command, String message) {
        assertThat(exit).as(err.toString()).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("jst-pipeline " + command + ": " + message)
                .doesNotContain(SECRET);
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("pipeline.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
