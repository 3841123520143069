package io.jstpipeline.bench;

import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.qimen.QimenPage;
import io.jstpipeline.extractor.qimen.RawDocument;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;

/**
 * The loop the seed articles describe: page through the API window by window and write each row with its
 * own autocommitted {@code INSERT … ON DUPLICATE KEY UPDATE}. Stops after {@code sampleRows} rows: its
 * rate is steady, and at its speed a full data set would take the benchmark's whole budget.
 */
final class NaiveLoop {

    private final QimenCredentials credentials;
    private final FlowDefinition flow;
    private final DatabaseTarget database;
    private final TableMapping table;

    NaiveLoop(QimenCredentials credentials, FlowDefinition flow, DatabaseTarget database, TableMapping table) {
        this.credentials = credentials;
        this.flow = flow;
        this.database = database;
        this.table = table;
    }

    Throughput measure(LocalDateTime from, LocalDateTime to, long sampleRows) throws SQLException {
        String name = "bench_naive_" + table.name();
        TableRowSource source = new TableRowSource(table);
        UpsertStatement upsert = UpsertStatement.plain(table, name);
        try (Connection c = database.connect();
             QimenClient client = new QimenClient(credentials)) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + name);
                s.execute(TableDdl.createTable(table, name));
            }
            long rows = 0;
            long started = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement(upsert.sql(1))) {
                for (TimeWindow window : new WindowPlanner().plan(from, to)) {
                    QimenPage page;
                    int index = 1;
                    do {
                        page = client.fetchPage(flow.method(), flow.listField(), window.start(), window.end(),
                                index++, flow.pageSize());
                        for (RawDocument document : page.documents()) {
                            for (DocumentFlattener.Row row : source.rows(document.tree())) {
                                upsert.bind(insert, 1, row);
                                insert.executeUpdate();
                                if (++rows >= sampleRows) {
                                    return Throughput.since(rows, started);
                                }
                            }
                        }
                    } while (page.hasNext());
                }
            }
            return Throughput.since(rows, started);
        }
    }
}
