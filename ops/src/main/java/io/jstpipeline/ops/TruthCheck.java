package io.jstpipeline.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.mapping.ColumnMapping;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.RowRejected;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tables against the documents they must reflect, such as the sandbox's truth once its changes stop: per
 * table, the rows missing, the rows that should not be there (an item or payment the document no longer has), the
 * rows at another version than their document's ({@code ts}: stale), and ids held more than once.
 */
public final class TruthCheck {

    private static final String TS = "ts";

    /** One table's comparison; the lists hold row ids. */
    public record TableResult(String table, int expected, int inTable, List<String> missing, List<String> extra,
                              List<String> stale, long duplicates) {
        public boolean matches() {
            return missing.isEmpty() && extra.isEmpty() && stale.isEmpty() && duplicates == 0;
        }

        /** One line: counts, and the first ids of each kind of difference. */
        public String summary() {
            return String.format("%-24s %,d rows of %,d expected: %d missing, %d extra, %d stale, %d duplicate%s",
                    table, inTable, expected, missing.size(), extra.size(), stale.size(), duplicates,
                    matches() ? "" : " (first: missing " + first(missing) + ", extra " + first(extra) + ", stale "
                            + first(stale) + ")");
        }

        private static List<String> first(List<String> ids) {
            return ids.subList(0, Math.min(3, ids.size()));
        }
    }

    private final Mappings mappings;
    private final TableRows database;

    public TruthCheck(Mappings mappings, TableRows database) {
        this.mappings = mappings;
        this.database = database;
    }

    /**
     * Compares every table whose flow is among {@code documentsByFlow}'s keys.
     *
     * @throws IllegalArgumentException for a table without a {@code ts} column, whose staleness cannot be told
     */
    public List<TableResult> compare(Map<String, ? extends List<? extends JsonNode>> documentsByFlow)
            throws SQLException {
        List<TableResult> results = new ArrayList<>();
        for (TableMapping table : mappings.tables()) {
            List<? extends JsonNode> documents = documentsByFlow.get(table.flow());
            if (documents != null) {
                results.add(compare(table, documents));
            }
        }
        return results;
    }

    private TableResult compare(TableMapping table, List<? extends JsonNode> documents) throws SQLException {
        String tsColumn = tsColumn(table);
        int tsIndex = table.columns().indexOf(table.columns().stream().filter(c -> c.name().equals(tsColumn))
                .findFirst().orElseThrow());
        DocumentFlattener flattener = new DocumentFlattener(table);
        Map<String, Object> expected = new HashMap<>();
        for (JsonNode document : documents) {
            try {
                flattener.flatten(document).rows().forEach(row -> expected.put(row.id(), row.values()[tsIndex]));
            } catch (RowRejected e) {
                // The transformer dead-letters such a document: no row is expected of it.
            }
        }
        Map<String, Long> actual = new HashMap<>();
        long rows;
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT " + TableMapping.ID_COLUMN + ", " + tsColumn + " FROM "
                    + table.name())) {
                rows = 0;
                while (rs.next()) {
                    rows++;
                    actual.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        TreeSet<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        TreeSet<String> stale = new TreeSet<>();
        actual.forEach((id, ts) -> {
            Object want = expected.get(id);
            if (want != null && ((Number) want).longValue() != ts) {
                stale.add(id);
            }
        });
        return new TableResult(table.name(), expected.size(), (int) rows, List.copyOf(missing), List.copyOf(extra),
                List.copyOf(stale), rows - actual.size());
    }

    private static String tsColumn(TableMapping table) {
        return table.columns().stream().filter(c -> !c.fromElement() && c.field().equals(TS))
                .map(ColumnMapping::name).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + table.name() + " has no column from the "
                        + "document's " + TS + ", by which a stale row is told"));
    }
}
