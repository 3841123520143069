package io.jstpipeline.jdbcsink;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Writes a {@link RowBatch} to one table on one connection, without committing: rows as multi-row statements,
 * deletes as {@code IN} lists. A value schema's fields are the table's columns by name; times are written as
 * the UTC wall-clock time they carry (the rows hold China time that way).
 *
 * <p>A statement holds at most {@code rows.per.statement} rows and stays within the server's
 * {@code max_allowed_packet}, which refuses a larger one whole: rows of long Chinese text reach 16 MB (MariaDB's
 * default) well before 1,000 rows.
 */
final class TableWriter implements AutoCloseable {

    /** Placeholders MySQL and MariaDB take in one prepared statement. */
    private static final int MAX_PARAMETERS = 65_535;
    /** Value schemas whose statement stays prepared; a row topic has one. */
    private static final int MAX_KEPT_STATEMENTS = 8;
    /** Bytes of a value that is not text, in a statement: a number or date literal and its separator, at most. */
    private static final int FIXED_VALUE_BYTES = 32;
    /** Bytes of one character of text, at most: three in UTF-8 (four for a pair of two), or two when escaped. */
    private static final int TEXT_CHARACTER_BYTES = 3;

    /** A row the database refused, and why. */
    record Refusal(SinkRecord record, SQLException reason) {
    }

    private final Connection connection;
    private final String table;
    private final RowSinkConfig.Mode mode;
    private final String keyColumn;
    private final int rowsPerStatement;
    private final List<String> versionColumns;
    /** Bytes of row values one statement may carry: the server's packet limit, less room for the SQL around them. */
    private final long statementBytes;
    private final RowStatements.Offered offered;
    /** The full-size statement of each value schema, prepared once for the connection's life. */
    private final Map<Schema, PreparedStatement> fullStatements = new IdentityHashMap<>();

    TableWriter(Connection connection, RowSinkConfig config) throws SQLException {
        this.connection = connection;
        this.table = config.table();
        this.mode = config.mode();
        this.keyColumn = config.keyColumn();
        this.rowsPerStatement = config.rowsPerStatement();
        this.versionColumns = config.versionColumns();
        try (Statement select = connection.createStatement();
             ResultSet rs = select.executeQuery("SELECT @@max_allowed_packet, VERSION()")) {
            rs.next();
            this.statementBytes = rs.getLong(1) * 3 / 4;
            // MySQL 8.0.20+ deprecates VALUES() (a warning per statement) for the row alias, which MariaDB lacks.
            this.offered = RowStatements.Offered.forServer(rs.getString(2));
        }
    }

    /** Every row and delete of the batch, many to a statement; the first refusal fails the whole call. */
    void write(RowBatch batch) throws SQLException {
        for (RowBatch.Rows rows : batch.rows()) {
            int columns = columns(rows.schema()).size();
            int perStatement = Math.max(1, Math.min(rowsPerStatement, MAX_PARAMETERS / columns));
            List<Field> textFields = rows.schema().fields().stream()
                    .filter(field -> field.schema().type() == Schema.Type.STRING).toList();
            List<SinkRecord> records = rows.records();
            for (int from = 0, to; from < records.size(); from = to) {
                to = chunkEnd(records, from, perStatement, columns, textFields);
                List<SinkRecord> chunk = records.subList(from, to);
                if (chunk.size() == perStatement) {
                    PreparedStatement full = fullStatements.get(rows.schema());
                    if (full == null) {
                        if (fullStatements.size() == MAX_KEPT_STATEMENTS) {
                            close(); // a converter that makes a new schema object per record must not leak them
                        }
                        full = connection.prepareStatement(upsert(rows.schema(), perStatement));
                        fullStatements.put(rows.schema(), full);
                    }
                    execute(full, chunk);
                } else {
                    try (PreparedStatement partial = connection.prepareStatement(upsert(rows.schema(), chunk.size()))) {
                        execute(partial, chunk);
                    }
                }
            }
        }
        delete(batch.deletes());
    }

    /**
     * Where the statement starting at {@code from} ends: after {@code perStatement} rows, or before the row that
     * would take its values past {@link #statementBytes} (a row is always taken, so that a row larger than the
     * packet on its own is refused by the database, with its reason, and not skipped).
     */
    private int chunkEnd(List<SinkRecord> records, int from, int perStatement, int columns, List<Field> textFields) {
        int end = Math.min(records.size(), from + perStatement);
        long bytes = 0;
        for (int i = from; i < end; i++) {
            bytes += valueBytes((Struct) records.get(i).value(), columns, textFields);
            if (bytes > statementBytes && i > from) {
                return i;
            }
        }
        return end;
    }

    /**
     * A bound on a row's values in a statement: text by its length, anything else by {@link #FIXED_VALUE_BYTES}.
     * Only the text fields are looked at: this runs for every row, and was a tenth of the writer's CPU when it
     * went through all fields.
     */
    private static long valueBytes(Struct row, int columns, List<Field> textFields) {
        long bytes = (long) columns * FIXED_VALUE_BYTES;
        for (Field field : textFields) {
            if (row.get(field) instanceof String text) {
                bytes += (long) text.length() * TEXT_CHARACTER_BYTES;
            }
        }
        return bytes;
    }

    /**
     * The batch a statement per row, so that one refused row does not take the others with it; a statement
     * failure that is not about a row's values is thrown.
     */
    List<Refusal> writeEach(RowBatch batch) throws SQLException {
        List<Refusal> refusals = new ArrayList<>();
        for (RowBatch.Rows rows : batch.rows()) {
            try (PreparedStatement single = connection.prepareStatement(upsert(rows.schema(), 1))) {
                for (SinkRecord record : rows.records()) {
                    try {
                        execute(single, List.of(record));
                    } catch (SQLException e) {
                        if (SqlFailure.of(e) != SqlFailure.ROW) {
                            throw e;
                        }
                        refusals.add(new Refusal(record, e));
                    }
                }
            }
        }
        delete(batch.deletes());
        return refusals;
    }

    private void delete(List<SinkRecord> tombstones) throws SQLException {
        for (int from = 0; from < tombstones.size(); from += rowsPerStatement) {
            List<SinkRecord> chunk = tombstones.subList(from, Math.min(tombstones.size(), from + rowsPerStatement));
            try (PreparedStatement delete = connection.prepareStatement(
                    RowStatements.delete(table, keyColumn, chunk.size()))) {
                int i = 1;
                for (SinkRecord record : chunk) {
                    delete.setObject(i++, RowBatch.key(record, keyColumn));
                }
                delete.executeUpdate();
            }
        }
    }

    private void execute(PreparedStatement statement, List<SinkRecord> records) throws SQLException {
        int i = 1;
        for (SinkRecord record : records) {
            Struct row = (Struct) record.value();
            if (mode == RowSinkConfig.Mode.APPEND) {
                statement.setString(i++, record.topic());
                statement.setInt(i++, record.kafkaPartition());
                statement.setLong(i++, record.kafkaOffset());
            }
            for (Field field : row.schema().fields()) {
                bind(statement, i++, field, row.get(field));
            }
        }
        statement.executeUpdate();
    }

    private String upsert(Schema schema, int rows) {
        return RowStatements.upsert(table, columns(schema),
                mode == RowSinkConfig.Mode.APPEND ? RowStatements.KAFKA_COLUMNS.size() : 1, versionColumns, rows,
                offered);
    }

    /** The columns a row of this schema fills: its fields, after its place in Kafka when appending. */
    private List<String> columns(Schema schema) {
        List<String> columns = new ArrayList<>();
        if (mode == RowSinkConfig.Mode.APPEND) {
            columns.addAll(RowStatements.KAFKA_COLUMNS);
        }
        schema.fields().forEach(f -> columns.add(f.name()));
        for (String version : versionColumns) {
            if (schema.field(version) == null) {
                throw new DataException("rows of " + table + " have no column " + version + ", which "
                        + RowSinkConfig.VERSION_COLUMNS + " names");
            }
        }
        return columns;
    }

    private static void bind(PreparedStatement statement, int i, Field field, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(i, Types.NULL);
            return;
        }
        String logical = field.schema().name();
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            statement.setString(i, RowStatements.dateTime(((java.util.Date) value).getTime()));
        } else if (Date.LOGICAL_NAME.equals(logical)) {
            statement.setObject(i, utc(value).toLocalDate());
        } else if (Time.LOGICAL_NAME.equals(logical)) {
            statement.setObject(i, utc(value).toLocalTime());
        } else if (Decimal.LOGICAL_NAME.equals(logical)) {
            statement.setBigDecimal(i, (BigDecimal) value);
        } else {
            switch (field.schema().type()) {
                case STRING -> statement.setString(i, (String) value);
                case INT8 -> statement.setByte(i, (Byte) value);
                case INT16 -> statement.setShort(i, (Short) value);
                case INT32 -> statement.setInt(i, (Integer) value);
                case INT64 -> statement.setLong(i, (Long) value);
                case FLOAT32 -> statement.setFloat(i, (Float) value);
                case FLOAT64 -> statement.setDouble(i, (Double) value);
                case BOOLEAN -> statement.setBoolean(i, (Boolean) value);
                case BYTES -> statement.setBytes(i, (byte[]) value);
                default -> throw new DataException("column " + field.name() + " cannot take a " + field.schema().type());
            }
        }
    }

    /** The wall-clock time a Connect date, time or timestamp carries at UTC. */
    private static LocalDateTime utc(Object value) {
        return RowStatements.wallClock(((java.util.Date) value).getTime());
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : fullStatements.values()) {
            statement.close();
        }
        fullStatements.clear();
    }
}
