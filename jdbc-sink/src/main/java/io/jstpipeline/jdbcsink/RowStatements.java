package io.jstpipeline.jdbcsink;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
        String tuple = "(" + String.join(",", Collections.nCopies(columns.size(), "?")) + ")";
        String update = columns.stream().skip(keyColumns).map(RowStatements::quote)
                .map(c -> c + "=VALUES(" + c + ")").collect(Collectors.joining(","));
        return "INSERT INTO " + quote(table) + " (" + columns.stream().map(RowStatements::quote)
                .collect(Collectors.joining(",")) + ") VALUES " + String.join(",", Collections.nCopies(rows, tuple))
                // A row of key columns only has nothing to update: re-setting the first key keeps the statement valid.
                + " ON DUPLICATE KEY UPDATE " + (update.isEmpty() ? quote(columns.get(0)) + "=" + quote(columns.get(0)) : update);
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
