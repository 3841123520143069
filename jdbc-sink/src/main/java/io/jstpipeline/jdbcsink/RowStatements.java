package io.jstpipeline.jdbcsink;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** The SQL a sink writes a table with: many rows to one statement, as the database's ceiling needs. */
public final class RowStatements {

    /** The columns an appended row's place in Kafka fills, its primary key in {@link RowSinkConfig.Mode#APPEND}. */
    public static final List<String> KAFKA_COLUMNS = List.of("__connect_topic", "__connect_partition", "__connect_offset");

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

    private RowStatements() {
    }

    /**
     * {@code INSERT INTO table (c1, …) VALUES (?, …), … ON DUPLICATE KEY UPDATE c=VALUES(c), …} for {@code rows}
     * rows, updating every column after the first {@code keyColumns}. {@code VALUES()} is what MariaDB and
     * MySQL 8 both read (MySQL 8.0.20+ deprecates it in favour of a row alias MariaDB lacks).
     */
    public static String upsert(String table, List<String> columns, int keyColumns, int rows) {
        return upsert(table, columns, keyColumns, List.of(), rows);
    }

    /**
     * The upsert guarded by a row version: a row already in the table is only replaced by one whose
     * {@code versionColumns} (compared in order, e.g. modified then ts) are not older, so that a replay, a
     * zombie task or a re-read cannot put an older row over a newer one. A row without a version is replaced by
     * any. MySQL and MariaDB assign left to right and a later assignment sees the earlier ones' new values, so the
     * version columns go last, the least significant first: until the most significant is assigned, the
     * comparison still answers as it did for the first column.
     */
    public static String upsert(String table, List<String> columns, int keyColumns, List<String> versionColumns,
                                int rows) {
        String tuple = "(" + String.join(",", Collections.nCopies(columns.size(), "?")) + ")";
        List<String> updated = new ArrayList<>(columns.subList(keyColumns, columns.size()));
        updated.removeAll(versionColumns);
        List<String> versionsLast = new ArrayList<>(versionColumns);
        Collections.reverse(versionsLast);
        updated.addAll(versionsLast);
        String newer = versionColumns.isEmpty() ? null : newer(versionColumns);
        String update = updated.stream().map(RowStatements::quote)
                .map(c -> c + "=" + (newer == null ? "VALUES(" + c + ")" : "IF(" + newer + ",VALUES(" + c + ")," + c + ")"))
                .collect(Collectors.joining(","));
        return "INSERT INTO " + quote(table) + " (" + columns.stream().map(RowStatements::quote)
                .collect(Collectors.joining(",")) + ") VALUES " + String.join(",", Collections.nCopies(rows, tuple))
                // A row of key columns only has nothing to update: re-setting the first key keeps the statement valid.
                + " ON DUPLICATE KEY UPDATE " + (update.isEmpty() ? quote(columns.get(0)) + "=" + quote(columns.get(0)) : update);
    }

    /** Whether the row offered is not older than the row in the table: {@code (v1 IS NULL OR (VALUES(v1),…)>=(v1,…))}. */
    private static String newer(List<String> versionColumns) {
        List<String> quoted = versionColumns.stream().map(RowStatements::quote).toList();
        String offered = quoted.stream().map(c -> "VALUES(" + c + ")").collect(Collectors.joining(","));
        String current = String.join(",", quoted);
        return quoted.size() == 1
                ? "(" + current + " IS NULL OR " + offered + ">=" + current + ")"
                : "(" + quoted.get(0) + " IS NULL OR (" + offered + ")>=(" + current + "))";
    }

    /** {@code DELETE FROM table WHERE key IN (?, …)} for {@code keys} keys. */
    public static String delete(String table, String keyColumn, int keys) {
        return "DELETE FROM " + quote(table) + " WHERE " + quote(keyColumn) + " IN ("
                + String.join(",", Collections.nCopies(keys, "?")) + ")";
    }

    /**
     * A DATETIME value, given as the wall-clock time at UTC in epoch milliseconds, as the text MySQL reads it:
     * {@code 2026-11-30 08:15:00.250}. Bound as a string it reaches the database as the same literal the drivers
     * make of a {@code LocalDateTime}, for less: setObject looks the value's codec up among all of the driver's.
     */
    public static String dateTime(long utcMillis) {
        return DATETIME.format(wallClock(utcMillis));
    }

    /**
     * The wall-clock time that epoch milliseconds carry at UTC. Not {@code LocalDateTime.ofInstant}: on Java 17
     * {@code ZoneOffset.getRules()} builds a new {@code ZoneRules} on every call.
     */
    static LocalDateTime wallClock(long utcMillis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(utcMillis, 1000L), (int) Math.floorMod(utcMillis, 1000L) * 1_000_000,
                ZoneOffset.UTC);
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
