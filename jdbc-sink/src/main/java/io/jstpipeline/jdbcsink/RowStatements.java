package io.jstpipeline.jdbcsink;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The SQL a sink writes a table with: many rows to one statement, as the database's ceiling needs. */
public final class RowStatements {

    /** The columns an appended row's place in Kafka fills, its primary key in {@link RowSinkConfig.Mode#APPEND}. */
    public static final List<String> KAFKA_COLUMNS = List.of("__connect_topic", "__connect_partition", "__connect_offset");

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");
    /** The name the row alias gives the offered row: {@code … AS `offered` ON DUPLICATE KEY UPDATE c = `offered`.c}. */
    private static final String OFFERED = "`offered`";
    private static final Pattern MYSQL_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

    /** How an upsert names the values of the row it offers. */
    public enum Offered {
        /** {@code VALUES(c)}: what MariaDB reads, and MySQL before 8.0.19 (deprecated from 8.0.20). */
        VALUES_FUNCTION,
        /** {@code INSERT … AS offered … UPDATE c = offered.c}: MySQL 8.0.19 and later. */
        ROW_ALIAS;

        /** The form a server of {@code SELECT VERSION()} takes: the row alias on MySQL 8.0.19 or later. */
        public static Offered forServer(String version) {
            Matcher m = MYSQL_VERSION.matcher(version);
            if (version.contains("MariaDB") || !m.matches()) {
                return VALUES_FUNCTION;
            }
            int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            boolean atLeast8019 = v[0] > 8 || v[0] == 8 && (v[1] > 0 || v[2] >= 19);
            return atLeast8019 ? ROW_ALIAS : VALUES_FUNCTION;
        }

        String of(String quotedColumn) {
            return this == ROW_ALIAS ? OFFERED + "." + quotedColumn : "VALUES(" + quotedColumn + ")";
        }
    }

    private RowStatements() {
    }

    /**
     * {@code INSERT INTO table (c1, …) VALUES (?, …), … ON DUPLICATE KEY UPDATE c=VALUES(c), …} for {@code rows}
     * rows, updating every column after the first {@code keyColumns}, in the {@code VALUES()} form MariaDB reads
     * (MySQL 8.0.19+ takes the row alias of {@link Offered#ROW_ALIAS} instead).
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
        return upsert(table, columns, keyColumns, versionColumns, rows, Offered.VALUES_FUNCTION);
    }

    /** The guarded upsert, naming the offered row's values as {@code offered} says. */
    public static String upsert(String table, List<String> columns, int keyColumns, List<String> versionColumns,
                                int rows, Offered offered) {
        String tuple = "(" + String.join(",", Collections.nCopies(columns.size(), "?")) + ")";
        List<String> updated = new ArrayList<>(columns.subList(keyColumns, columns.size()));
        updated.removeAll(versionColumns);
        List<String> versionsLast = new ArrayList<>(versionColumns);
        Collections.reverse(versionsLast);
        updated.addAll(versionsLast);
        String newer = versionColumns.isEmpty() ? null : newer(versionColumns, offered);
        String update = updated.stream().map(RowStatements::quote)
                .map(c -> c + "=" + (newer == null ? offered.of(c) : "IF(" + newer + "," + offered.of(c) + "," + c + ")"))
                .collect(Collectors.joining(","));
        return "INSERT INTO " + quote(table) + " (" + columns.stream().map(RowStatements::quote)
                .collect(Collectors.joining(",")) + ") VALUES " + String.join(",", Collections.nCopies(rows, tuple))
                + (offered == Offered.ROW_ALIAS ? " AS " + OFFERED : "")
                // A row of key columns only has nothing to update: re-setting the first key keeps the statement valid.
                + " ON DUPLICATE KEY UPDATE " + (update.isEmpty() ? quote(columns.get(0)) + "=" + quote(columns.get(0)) : update);
    }

    /** Whether the row offered is not older than the row in the table: {@code (v1 IS NULL OR (VALUES(v1),…)>=(v1,…))}. */
    private static String newer(List<String> versionColumns, Offered form) {
        List<String> quoted = versionColumns.stream().map(RowStatements::quote).toList();
        String offered = quoted.stream().map(form::of).collect(Collectors.joining(","));
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
        LocalDateTime time = wallClock(utcMillis);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return DATETIME.format(time);
        }
        // By hand, not with DATETIME: the formatter was a seventh of the sink writer's CPU, a DATETIME per column.
        char[] text = new char[23];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = ' ';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, time.getNano() / 1_000_000, 3);
        return new String(text);
    }

    /** {@code value}'s last {@code width} decimal digits into {@code text} from {@code at}, zero-padded. */
    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
