package io.jstpipeline.app.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.FlowDefinition;
import io.jstpipeline.extractor.QimenCallPolicy;
import io.jstpipeline.extractor.QimenClient;
import io.jstpipeline.extractor.QimenPage;
import io.jstpipeline.extractor.RawDocument;
import io.jstpipeline.extractor.TimeWindow;
import io.jstpipeline.extractor.WindowPlanner;
import io.jstpipeline.transformer.row.ConnectJsonFormat;
import io.jstpipeline.transformer.row.DocumentFlattener;
import io.jstpipeline.transformer.table.ColumnMapping;
import io.jstpipeline.transformer.table.Mappings;
import io.jstpipeline.transformer.table.RowRejected;
import io.jstpipeline.transformer.table.TableMapping;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares one flow's documents in the API with the rows in MySQL, window by window: the row ids each table
 * should hold, built by the transformer's own flattening, against the ids of the rows whose {@code modified}
 * lies in the window. A document changed after the window is thus compared in the window it now lives in.
 *
 * <p>With a repair producer, the rows found missing are written to their row topics as the transformer would
 * write them, from the document just read: re-reading a window does not bring them back, because the
 * transformer drops a document version it has seen, whatever became of its rows in MySQL since.
 */
public final class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    private static final String MODIFIED = "modified";
    private static final String TS = "ts";
    /** As the extractor's window reader: a window whose pages keep drifting is compared as last read. */
    private static final int MAX_READS = 4;

    /** One table in one window; the ids sorted. */
    public record TableResult(TimeWindow window, String table, int expected, int inMySql, List<String> missing,
                              List<String> extra, int repaired) {
        public boolean matches() {
            return missing.isEmpty() && extra.isEmpty();
        }
    }

    /** A table that reads the flow, with what turns a document into its rows. */
    private record Target(TableMapping table, DocumentFlattener flattener, ConnectJsonFormat format,
                          String modifiedColumn) {
    }

    private final FlowDefinition flow;
    private final List<Target> targets;
    private final QimenClient client;
    private final QimenCallPolicy policy;
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
                .map(t -> new Target(t, new DocumentFlattener(t), new ConnectJsonFormat(t), modifiedColumn(t)))
                .toList();
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(mappings.origin() + " declares no table reading flow " + flow.name());
        }
        this.client = client;
        this.policy = policy;
        this.database = database;
        this.repairs = repairs;
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
            Collection<JsonNode> documents = read(window);
            if (documents == null) {
                List<TimeWindow> halves = planner.halve(window);
                windows.push(halves.get(1));
                windows.push(halves.get(0));
                continue;
            }
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
        for (JsonNode document : documents) {
            try {
                target.flattener().flatten(document).rows().forEach(row -> expected.put(row.id(), row));
            } catch (RowRejected e) {
                // The transformer sends such a document to its dead-letter topic: no row is expected of it.
            }
        }
        Set<String> actual = idsIn(target, window);
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual);
        TreeSet<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected.keySet());
        int repaired = repairs == null ? 0 : repair(target, missing.stream().map(expected::get).toList());
        return new TableResult(window, target.table().name(), expected.size(), actual.size(), List.copyOf(missing),
                List.copyOf(extra), repaired);
    }

    /** Writes the rows as the transformer does: keyed by row id, so they land on the row's partition. */
    private int repair(Target target, List<DocumentFlattener.Row> rows)
            throws InterruptedException, ExecutionException {
        String topic = Topics.rows(target.table().name());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (DocumentFlattener.Row row : rows) {
            sent.add(repairs.send(new ProducerRecord<>(topic, row.id(),
                    target.format().envelope(row.payload()).toString())));
        }
        for (Future<RecordMetadata> send : sent) {
            send.get();
        }
        return sent.size();
    }

    private Set<String> idsIn(Target target, TimeWindow window) throws SQLException {
        Set<String> ids = new TreeSet<>();
        String sql = "SELECT " + TableMapping.ID_COLUMN + " FROM " + target.table().name() + " WHERE "
                + target.modifiedColumn() + " >= ? AND " + target.modifiedColumn() + " < ?";
        try (Connection c = database.connect(); PreparedStatement select = c.prepareStatement(sql)) {
            // As text, so that no driver shifts the China-time DATETIME by a zone.
            select.setString(1, QimenTime.format(window.start()));
            select.setString(2, QimenTime.format(window.end()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * The window's documents by id, as one read of every page found them; null when the window holds more
     * pages than the flow reads in one window (it is then compared in halves, as the extractor reads it).
     * Pages read by {@code modified} drift while documents change, skipping a document unseen; a read is
     * kept once it found {@code data_count} distinct documents and {@code data_count} held still.
     */
    private Collection<JsonNode> read(TimeWindow window) throws InterruptedException {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (int read = 1; ; read++) {
            documents.clear();
            QimenPage first = fetch(window, 1);
            if (first.pageCount() > flow.maxPagesPerWindow() && window.duration().toSeconds() >= 2) {
                return null;
            }
            QimenPage last = first;
            keep(documents, first);
            while (last.hasNext()) {
                last = fetch(window, last.pageIndex() + 1);
                keep(documents, last);
            }
            if (documents.size() == first.dataCount() && last.dataCount() == first.dataCount()) {
                return documents.values();
            }
            if (read == MAX_READS) {
                LOG.warn("{} window {}: pages still drifting after {} reads; comparing the last read", flow.name(),
                        window, read);
                return documents.values();
            }
        }
    }

    private QimenPage fetch(TimeWindow window, int pageIndex) throws InterruptedException {
        return policy.call(flow.method() + " " + window + " page " + pageIndex, () -> client.fetchPage(flow.method(),
                flow.listField(), window.start(), window.end(), pageIndex, flow.pageSize()));
    }

    /** Keeps the newest version of each document by its row version, as the extractor does. */
    private void keep(Map<String, JsonNode> documents, QimenPage page) {
        for (RawDocument document : page.documents()) {
            documents.merge(document.tree().path(flow.idField()).asText(), document.tree(),
                    (seen, candidate) -> candidate.path(TS).asLong() > seen.path(TS).asLong() ? candidate : seen);
        }
    }

    private static String modifiedColumn(TableMapping table) {
        return table.columns().stream().filter(c -> !c.fromElement() && c.field().equals(MODIFIED))
                .map(ColumnMapping::name).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + table.name() + " has no column from the "
                        + "document's " + MODIFIED + ", by which reconcile finds a window's rows"));
    }
}
