package io.jstpipeline.mapping;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A MySQL table fed by one raw flow: one row per element of the exploded array of each document (or one
 * row per document when nothing is exploded), under the stable id {@link #rowId}.
 *
 * @param flow       the raw flow read, {@code jst.raw.<flow>}
 * @param documentId the document's own id field; versions are kept per document id
 * @param explode    the array whose elements become rows, or null for one row per document
 * @param keepEmpty  whether a document whose array is empty or absent still gives one row, with
 *                   {@link #emptyRowId} and the element's columns NULL
 * @param emptyRowId the id of that row, or null unless {@code keepEmpty}
 * @param columns    every column but {@link #ID_COLUMN}, in table order
 * @param skip       the documents this table leaves out, or null
 * @param indexes    secondary indexes, each a list of column names
 */
public record TableMapping(
        String name,
        String flow,
        String documentId,
        String explode,
        boolean keepEmpty,
        RowIdTemplate rowId,
        RowIdTemplate emptyRowId,
        List<ColumnMapping> columns,
        DocumentFilter skip,
        List<List<String>> indexes) {

    /** The primary key column, first in every table. */
    public static final String ID_COLUMN = "id";
    /** Room for two BIGINT ids and what joins them. */
    public static final ColumnType.Text ID_TYPE = new ColumnType.Text(64);

    public TableMapping {
        columns = List.copyOf(columns);
        indexes = indexes.stream().<List<String>>map(List::copyOf).toList();
    }

    public String idColumn() {
        return ID_COLUMN;
    }

    public ColumnMapping column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("table " + this.name + " has no column " + name));
    }
}
