package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A dropped table is rebuilt from the raw topics, equal to what it held, while the pipeline runs on. */
class ReplayIT {

    private static final String TABLE = "order_list_query";

    @Test
    void aDroppedTableIsReplayedEqualToASnapshotTakenBefore() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(0, 150, 41).withIdOffset(1_000_000_000L));
             ExtractorService extractor = pipeline.extractor(DemoPipeline.credentialsOf(gateway),
                     new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(CallLimits.none())),
                     "replay-it", gateway.options().from(), PagePool.DEFAULT_CONCURRENCY)) {
            extractor.runner("order").backfill(gateway.options().from(), gateway.options().to(),
                    ExtractionListener.NONE);
            Set<String> loaded = DemoRun.expectedRowIds(List.of(), gateway.orders()).get(TABLE);
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> pipeline.tableRows().ids(TABLE, "id").containsAll(loaded));
        }
        // Settled: no more writes are on their way into the table.
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> {
            List<String> before = snapshot(pipeline);
            Thread.sleep(3000);
            return before.equals(snapshot(pipeline));
        });
        List<String> snapshot = snapshot(pipeline);
        try (Connection c = pipeline.tableRows().connect()) {
            c.createStatement().execute("DROP TABLE " + TABLE);
        }

        StringWriter out = new StringWriter();
        int exit = JstPipeline.commandLine().setOut(new PrintWriter(out, true)).execute("replay", "--table", TABLE,
                "--bootstrap-servers", pipeline.stack().bootstrapServers(),
                "--connect-url", pipeline.stack().connectRest().baseUrl(),
                "--mysql-url", pipeline.stack().database().jdbcUrl(), "--mysql-user", pipeline.stack().database().user());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("rows in " + TABLE + "__replay").contains(TABLE + " rebuilt")
                .contains("pausing jst-sink-" + TABLE, "resumed jst-sink-" + TABLE);
        assertThat(snapshot(pipeline)).isEqualTo(snapshot);
    }

    /** Every row, every column, in id order. */
    private static List<String> snapshot(DemoPipeline pipeline) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = pipeline.tableRows().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + TABLE + " ORDER BY id")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(meta.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
