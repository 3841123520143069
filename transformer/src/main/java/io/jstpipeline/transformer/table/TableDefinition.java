package io.jstpipeline.transformer.table;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A MySQL table fed by one raw topic: one row per item of each document, keyed by a stable id built
 * from the document's and the item's ids (never from {@code modified}, so a changed document updates
 * its rows instead of adding new ones).
 *
 * @param idColumn the primary key column, first in the table, holding {@code {document id}-{item id}}
 * @param columns  every other column, in table order
 */
public record TableDefinition(
        String name,
        String flow,
        String idColumn,
        String documentIdField,
        String itemIdField,
        List<Column> columns) {

    /** Room for two BIGINT ids and the dash between them. */
    public static final ColumnType.Text ID_TYPE = new ColumnType.Text(64);

    public TableDefinition {
        columns = List.copyOf(columns);
        Set<String> names = new HashSet<>(Set.of(idColumn));
        for (Column c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("table " + name + ": column " + c.name() + " declared twice");
            }
        }
    }

    /** The row id: {@code {document id}-{item id}}. */
    public String rowId(Object documentId, Object itemId) {
        return documentId + "-" + itemId;
    }
}
