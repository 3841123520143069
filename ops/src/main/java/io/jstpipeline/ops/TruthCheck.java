package io.jstpipeline.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Topics;
import io.jstpipeline.mapping.ColumnMapping;
import io.jstpipeline.mapping.ColumnType;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.RowRejected;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

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

        static List<String> first(List<String> ids) {
            return ids.subList(0, Math.min(3, ids.size()));
        }
    }

    /**
     * The messy documents against what the truth says each should become: cleaned in its tables (NULL, cut, the
     * amount read), in the tables as sent, or in the dead-letter topic with the reason; and the dead letters no
     * messy document explains.
     *
     * @param unaccounted           the messy documents not (yet) as the truth says, each with what differs
     * @param unexplainedDeadLetters the dead letters of the transformer that no messy document explains
     */
    public record MessyResult(int messy, int cleaned, int asSent, int deadLettered, List<String> unaccounted,
                              List<String> unexplainedDeadLetters) {
        public boolean accountedFor() {
            return unaccounted.isEmpty() && unexplainedDeadLetters.isEmpty();
        }

        /** One line: the counts, and the first differences. */
        public String summary() {
            return String.format("%,d messy documents: %,d cleaned in their tables as their rules say, %,d as sent, "
                    + "%,d in %s with the reason; %d unaccounted for, %d dead letters unexplained%s", messy, cleaned,
                    asSent, deadLettered, Topics.TRANSFORM_DLQ, unaccounted.size(), unexplainedDeadLetters.size(),
                    accountedFor() ? "" : " (first: " + TableResult.first(unaccounted) + ", "
                            + TableResult.first(unexplainedDeadLetters) + ")");
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

    /**
     * Accounts for each messy document as the sandbox's truth describes it ({@code flow}, {@code documentId},
     * {@code mess}, {@code field}, {@code sent}, {@code becomes}: {@code NULL}, {@code TRUNCATED}, {@code VALUE},
     * {@code AS_SENT} or {@code DEAD_LETTER}, and {@code expected}), against the tables and the transformer's dead
     * letters.
     */
    public MessyResult accountFor(List<? extends JsonNode> messy, List<DeadLetter> deadLetters)
            throws SQLException {
        int cleaned = 0;
        int asSent = 0;
        int deadLettered = 0;
        List<String> unaccounted = new ArrayList<>();
        List<DeadLetter> unexplained = new ArrayList<>(deadLetters);
        for (JsonNode document : messy) {
            String flow = document.path("flow").asText();
            String name = flow + " " + document.path("documentId").asText() + " (" + document.path("mess").asText()
                    + ")";
            List<TableMapping> tables = mappings.tables().stream().filter(t -> t.flow().equals(flow)).toList();
            String becomes = document.path("becomes").asText();
            if (becomes.equals("DEAD_LETTER")) {
                String reason = document.path("expected").asText();
                Set<String> flowTables = tables.stream().map(TableMapping::name).collect(Collectors.toSet());
                Predicate<DeadLetter> explained = letter -> flowTables.contains(letter.table())
                        && letter.reason() != null && letter.reason().contains(reason);
                unexplained.removeIf(explained);
                if (deadLetters.stream().anyMatch(explained)) {
                    deadLettered++;
                } else {
                    unaccounted.add(name + ": no dead letter '" + reason + "'");
                }
                continue;
            }
            String difference = cleanedDifference(tables, document);
            if (difference != null) {
                unaccounted.add(name + ": " + difference);
            } else if (becomes.equals("AS_SENT")) {
                asSent++;
            } else {
                cleaned++;
            }
        }
        return new MessyResult(messy.size(), cleaned, asSent, deadLettered, unaccounted,
                unexplained.stream().map(letter -> letter.table() + " " + letter.key() + ": " + letter.reason())
                        .toList());
    }

    /**
     * What differs between the document's rows and what its mess should become, or null when nothing does: each
     * table's rows of the document hold the field's column as the truth says (an {@code AS_SENT} document's rows
     * are compared by {@link #compare}), and at least one table has rows of it.
     */
    private String cleanedDifference(List<TableMapping> tables, JsonNode document) throws SQLException {
        String field = document.path("field").asText();
        String becomes = document.path("becomes").asText();
        long rows = 0;
        for (TableMapping table : tables) {
            ColumnMapping idColumn = documentColumn(table, table.documentId());
            ColumnMapping column = becomes.equals("AS_SENT") ? idColumn : documentColumn(table, field);
            if (idColumn == null || column == null) {
                continue;
            }
            try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement("SELECT " + column.name()
                    + " FROM " + table.name() + " WHERE " + idColumn.name() + " = ?")) {
                s.setString(1, document.path("documentId").asText());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        String held = rs.getString(1);
                        String want = switch (becomes) {
                            case "NULL" -> null;
                            case "TRUNCATED" -> cut(document.path("sent").asText(), column);
                            case "VALUE" -> document.path("expected").asText();
                            default -> held;
                        };
                        boolean same = becomes.equals("VALUE") ? held != null
                                && new BigDecimal(held).compareTo(new BigDecimal(want)) == 0 : Objects.equals(held, want);
                        if (!same) {
                            return table.name() + "." + column.name() + " holds " + abbreviated(held) + ", not "
                                    + abbreviated(want);
                        }
                    }
                }
            }
        }
        return rows == 0 ? "no rows in " + tables.stream().map(TableMapping::name).toList() : null;
    }

    /** The column of {@code table} read from the document's field {@code field}, or null. */
    private static ColumnMapping documentColumn(TableMapping table, String field) {
        return table.columns().stream().filter(c -> !c.fromElement() && c.source().equals(field)).findFirst()
                .orElse(null);
    }

    /** The text as a column of that length holds it once cut. */
    private static String cut(String text, ColumnMapping column) {
        int length = ((ColumnType.Text) column.type()).maxLength();
        return text.codePointCount(0, text.length()) <= length ? text
                : text.substring(0, text.offsetByCodePoints(0, length));
    }

    private static String abbreviated(String text) {
        return text == null ? "NULL" : text.length() <= 24 ? "'" + text + "'" : "'" + text.substring(0, 21) + "...'";
    }

    private static String tsColumn(TableMapping table) {
        return table.columns().stream().filter(c -> !c.fromElement() && c.field().equals(TS))
                .map(ColumnMapping::name).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + table.name() + " has no column from the "
                        + "document's " + TS + ", by which a stale row is told"));
    }
}
