package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.local.TableRows;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.sandbox.OrderGenerator;
import io.jstpipeline.sandbox.SaleoutGenerator;
import io.jstpipeline.testkit.EmbeddedMariaDb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jst-pipeline demo --once} as a user runs it, writing into an outside database. */
class DemoCommandIT {

    @Test
    void demoOnceFillsAnOutsideDatabaseWithExactlyTheSandboxRowsAndExitsZero() throws Exception {
        EmbeddedMariaDb outside = SharedStack.get().stack().embeddedMariaDb();
        DatabaseTarget server = SharedStack.get().stack().database();
        try (Connection c = new TableRows(server).connect()) {
            c.createStatement().execute("CREATE DATABASE IF NOT EXISTS demo_it");
        }
        String url = "jdbc:mariadb://127.0.0.1:" + outside.port() + "/demo_it";

        StringWriter printed = new StringWriter();
        int exit = JstPipeline.commandLine().setOut(new PrintWriter(printed, true))
                .execute("demo", "--once", "--saleouts", "150", "--orders", "120", "--mysql-url", url, "--mysql-user",
                        EmbeddedMariaDb.USER);

        assertThat(exit).as(printed.toString()).isZero();
        List<String> lines = printed.toString().lines().toList();
        assertThat(lines.get(lines.size() - 1)).startsWith("OK: ").contains("rows in saleout_list_query");

        // The ids depend on seed and count only, not on the time range.
        var notes = new SaleoutGenerator(42, 150, QimenTime.now().minusDays(30), QimenTime.now()).documents();
        var orders = new OrderGenerator(42, 120, QimenTime.now().minusDays(30), QimenTime.now()).documents();
        TableRows rows = new TableRows(new DatabaseTarget(url, EmbeddedMariaDb.USER, ""));
        DemoRun.expectedRowIds(notes, orders).forEach((table, ids) -> {
            try {
                assertThat(rows.ids(table, "id")).as(table).containsExactlyInAnyOrderElementsOf(ids);
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(lines.get(lines.size() - 1)).contains(String.format("%,d rows", SaleoutGenerator.itemCount(notes)));
    }
}
