package io.jstpipeline.jdbcsink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One put's records as a table takes them. In upsert mode only each key's last record counts, within the put as
 * in the table (a partition holds a key's records in order, and a key stays in its partition): a row is written
 * once, a tombstone deletes it. With version columns, a row does not replace an earlier row of the put that is
 * newer, as the statement does not replace a newer row in the table. In append mode every record is a row. Rows are grouped by their value schema,
 * whose fields are the columns; a record that names no key or carries no struct is refused with the reason.
 *
 * <p>In upsert mode the rows go in their key's order, not in the order they came: the database then walks its
 * primary index along the put instead of jumping about it. For rows in the API's order (by modification time,
 * random in the key) that took about 7 % less of the database's CPU (BENCHMARKS.md).
 */
final class RowBatch {

    /** Rows of one value schema: in upsert mode in their key's order, in append mode in the order they came. */
    record Rows(Schema schema, List<SinkRecord> records) {
    }

    /** A record no statement can be made of. */
    record Refused(SinkRecord record, String reason) {
    }

    private final List<Rows> rows = new ArrayList<>();
    private final List<SinkRecord> deletes = new ArrayList<>();
    private final List<Refused> refused = new ArrayList<>();

    private RowBatch() {
    }

    static RowBatch of(Collection<SinkRecord> records, RowSinkConfig.Mode mode, String keyColumn) {
        return of(records, mode, keyColumn, List.of());
    }

    static RowBatch of(Collection<SinkRecord> records, RowSinkConfig.Mode mode, String keyColumn,
                       List<String> versionColumns) {
        RowBatch batch = new RowBatch();
        if (mode == RowSinkConfig.Mode.APPEND) {
            records.stream().filter(r -> r.value() != null).forEach(batch::add);
            return batch;
        }
        Map<Object, SinkRecord> latest = new LinkedHashMap<>();
        for (SinkRecord record : records) {
            Object key = key(record, keyColumn);
            if (key == null) {
                batch.refused.add(new Refused(record, "the record has no " + keyColumn + " (key or value field)"));
            } else {
                latest.merge(key, record, (earlier, later) -> older(later, earlier, versionColumns) ? earlier : later);
            }
        }
        for (SinkRecord record : inKeyOrder(latest).values()) {
            if (record.value() == null) {
                batch.deletes.add(record);
            } else {
                batch.add(record);
            }
        }
        return batch;
    }

    /** The records by key, in the key's natural order where the keys have one (a table's key column has one type). */
    private static Map<Object, SinkRecord> inKeyOrder(Map<Object, SinkRecord> latest) {
        Class<?> type = null;
        for (Object key : latest.keySet()) {
            if (!(key instanceof Comparable) || (type != null && key.getClass() != type)) {
                return latest;
            }
            type = key.getClass();
        }
        return new TreeMap<>(latest);
    }

    /**
     * Whether row {@code offered} is older than row {@code current} by their version columns, compared in order,
     * as the statement compares them: a current row without its first version is replaced by any, and a
     * comparison that meets a missing version keeps the current row. Tombstones are never older.
     */
    static boolean older(SinkRecord offered, SinkRecord current, List<String> versionColumns) {
        if (versionColumns.isEmpty() || !(offered.value() instanceof Struct offeredRow)
                || !(current.value() instanceof Struct currentRow)
                || currentRow.schema().field(versionColumns.get(0)) == null
                || currentRow.get(versionColumns.get(0)) == null) {
            return false;
        }
        for (String column : versionColumns) {
            if (offeredRow.schema().field(column) == null || currentRow.schema().field(column) == null) {
                return true;
            }
            Object offeredVersion = offeredRow.get(column);
            Object currentVersion = currentRow.get(column);
            if (!(offeredVersion instanceof Comparable<?>) || currentVersion == null
                    || offeredVersion.getClass() != currentVersion.getClass()) {
                return true;
            }
            @SuppressWarnings("unchecked")
            int order = ((Comparable<Object>) offeredVersion).compareTo(currentVersion);
            if (order != 0) {
                return order < 0;
            }
        }
        return false;
    }

    /** The row key: a struct key's field, a plain key, or else the value's field. */
    static Object key(SinkRecord record, String keyColumn) {
        Object key = record.key();
        if (key instanceof Struct struct) {
            key = struct.schema().field(keyColumn) == null ? null : struct.get(keyColumn);
        }
        if (key == null && record.value() instanceof Struct value && value.schema().field(keyColumn) != null) {
            key = value.get(keyColumn);
        }
        return key;
    }

    private void add(SinkRecord record) {
        if (!(record.value() instanceof Struct value)) {
            refused.add(new Refused(record, "the value is not a struct but " + record.value().getClass().getSimpleName()
                    + ": the value converter must give rows with a schema"));
            return;
        }
        // Converters hand out one schema object per table: identity finds the group before the deep comparison.
        for (Rows group : rows) {
            if (group.schema() == value.schema() || group.schema().equals(value.schema())) {
                group.records().add(record);
                return;
            }
        }
        rows.add(new Rows(value.schema(), new ArrayList<>(List.of(record))));
    }

    List<Rows> rows() {
        return rows;
    }

    /** Tombstones, one per key, whose rows go. */
    List<SinkRecord> deletes() {
        return deletes;
    }

    List<Refused> refused() {
        return refused;
    }
}
