package io.jstpipeline.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.flow.FlowExtractor;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.RawDocument;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.extractor.window.WindowReader;
import io.jstpipeline.mapping.ColumnMapping;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.RowRejected;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Compares one flow's documents in the API with the rows in MySQL, window by window: the row ids each table
 * should hold, built by the transformer's own flattening, against the ids of the rows whose {@code modified}
 * lies in the window. A document changed after the window is thus compared in the window it now lives in.
 *
 * <p>With a repair producer, the rows found missing are written to their row topics as the transformer would
 * write them, from the document just read: re-reading a window does not bring them back, because the
 * transformer drops a document version it has seen, whatever became of its rows in MySQL since. An extra row
 * whose document the window holds, and whose current version no longer makes that row (an item removed, a
 * document now skipped), gets a tombstone, for the sink to delete it: its delete was missed, e.g. by a sink
 * away for longer than the row topic keeps tombstones. An extra row of a document the window does not hold is
 * only reported: the document may have moved to a later window, whose rows are on their way.
 */
public final class Reconciliation {

    private static final String MODIFIED = "modified";

    /** One table in one window; the ids sorted. */
    public record TableResult(TimeWindow window, String table, int expected, int inMySql, List<String> missing,
                              List<String> extra, int repaired, int removed) {
        public boolean matches() {
            return missing.isEmpty() && extra.isEmpty();
        }
    }

    /** A table that reads the flow, with what turns a document into its rows. */
    private record Target(TableMapping table, DocumentFlattener flattener,
                          String modifiedColumn, String documentIdColumn) {
    }

    private final FlowDefinition flow;
    private final List<Target> targets;
    private final WindowReader reader;
    private final TableRows database;
    private final WindowPlanner planner = new WindowPlanner();
    private final Producer<String, String> repairs;

    /**
     * @param repairs where missing rows are written again, or null to report only
     * @throws IllegalArgumentException when no table reads the flow, or one has no column of the document's
     *                                  {@code modified}
     */
    public Reconciliation(FlowDefinition flow, Mappings mappings, QimenClient client, QimenCallPolicy policy,
                          TableRows database, Producer<String, String> repairs) {
        this.flow = flow;
        this.targets = mappings.tables().stream().filter(t -> t.flow().equals(flow.name()))
                .map(t -> new Target(t, new DocumentFlattener(t), modifiedColumn(t), documentIdColumn(t)))
                .toList();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(mappings.origin() + " declares no table reading flow " + flow.name());
        }
        this.reader = new WindowReader(flow, client, policy, FlowExtractor.DEFAULT_MAX_REREADS, PagePool.SEQUENTIAL);
        this.database = database;
        this.repairs = repairs;
    }

    public FlowDefinition flow() {
        return flow;
    }

    public List<String> tables() {
        return targets.stream().map(t -> t.table().name()).toList();
    }

    /** Compares {@code [from, to)}, handing each table's result of each window to {@code done} as it comes. */
    public List<TableResult> run(LocalDateTime from, LocalDateTime to, Consumer<TableResult> done)
            throws InterruptedException, SQLException, ExecutionException {
        List<TableResult> results = new ArrayList<>();
        Deque<TimeWindow> windows = new ArrayDeque<>(planner.plan(from, to));
        while (!windows.isEmpty()) {
            TimeWindow window = windows.poll();
            WindowReader.WindowRead read = reader.read(window);
            if (read.tooLarge()) {
                List<TimeWindow> halves = planner.halve(window);
                windows.push(halves.get(1));
                windows.push(halves.get(0));
                continue;
            }
            // The last read is the window as it stands: a document that moved out meanwhile is compared where
            // it now lives, not here.
            List<JsonNode> documents = read.lastRead().stream().map(RawDocument::tree).toList();
            for (Target target : targets) {
                TableResult result = compare(window, target, documents);
                results.add(result);
                done.accept(result);
            }
        }
        return results;
    }

    private TableResult compare(TimeWindow window, Target target, Collection<JsonNode> documents)
            throws SQLException, InterruptedException, ExecutionException {
        Map<String, DocumentFlattener.Row> expected = new HashMap<>();
        Set<String> documentIds = new HashSet<>();
        for (JsonNode document : documents) {
            documentIds.add(document.path(target.table().documentId()).asText());
            try {
                target.flattener().flatten(document).rows().forEach(row -> expected.put(row.id(), row));
            } catch (RowRejected e) {
                // The transformer sends such a document to its dead-letter topic: no row is expected of it.
            }
        }
        Map<String, String> actual = idsIn(target, window);
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        TreeSet<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        int repaired = 0;
        int removed = 0;
        if (repairs != null) {
            repaired = repair(target, missing.stream().map(expected::get).toList());
            removed = remove(target, extra.stream().filter(id -> documentIds.contains(actual.get(id))).toList());
        }
        return new TableResult(window, target.table().name(), expected.size(), actual.size(), List.copyOf(missing),
                List.copyOf(extra), repaired, removed);
    }

    /** Writes the rows as the transformer does: keyed by row id, so they land on the row's partition. */
    private int repair(Target target, List<DocumentFlattener.Row> rows)
            throws InterruptedException, ExecutionException {
        Map<String, String> records = new LinkedHashMap<>();
        rows.forEach(row -> records.put(row.id(), new String(row.json(), StandardCharsets.UTF_8)));
        return send(target, records);
    }

    /** Tombstones of rows, keyed by row id as the transformer writes its own. */
    private int remove(Target target, List<String> rowIds) throws InterruptedException, ExecutionException {
        Map<String, String> records = new LinkedHashMap<>();
        rowIds.forEach(id -> records.put(id, null));
        return send(target, records);
    }

    private int send(Target target, Map<String, String> records) throws InterruptedException, ExecutionException {
        String topic = Topics.rows(target.table().name());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        records.forEach((id, row) -> sent.add(repairs.send(new ProducerRecord<>(topic, id, row))));
        for (Future<RecordMetadata> send : sent) {
            send.get();
        }
        return sent.size();
    }

    /** The row ids in the window, each with its document's id. */
    private Map<String, String> idsIn(Target target, TimeWindow window) throws SQLException {
        Map<String, String> ids = new TreeMap<>();
        String sql = "SELECT " + TableMapping.ID_COLUMN + ", " + target.documentIdColumn() + " FROM "
                + target.table().name() + " WHERE "
                + target.modifiedColumn() + " >= ? AND " + target.modifiedColumn() + " < ?";
        try (Connection c = database.connect(); PreparedStatement select = c.prepareStatement(sql)) {
            // As text, so that no driver shifts the China-time DATETIME by a zone.
            select.setString(1, QimenTime.format(window.start()));
            select.setString(2, QimenTime.format(window.end()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return ids;
    }

    private static String documentIdColumn(TableMapping table) {
        return table.columns().stream().filter(c -> !c.fromElement() && c.field().equals(table.documentId()))
                .map(ColumnMapping::name).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + table.name() + " has no column from the "
                        + "document's " + table.documentId() + ", by which reconcile finds a row's document"));
    }

    private static String modifiedColumn(TableMapping table) {
        return table.columns().stream().filter(c -> !c.fromElement() && c.field().equals(MODIFIED))
                .map(ColumnMapping::name).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + table.name() + " has no column from the "
                        + "document's " + MODIFIED + ", by which reconcile finds a window's rows"));
    }
}
