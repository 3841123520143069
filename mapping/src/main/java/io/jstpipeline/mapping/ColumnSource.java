package io.jstpipeline.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where one column's raw value is read: a field of the document or of the exploded array's element. The field
 * name is cut from the column's source once, as this is read for every column of every row.
 */
public record ColumnSource(String field, boolean fromElement) {

    public static ColumnSource of(ColumnMapping column) {
        return new ColumnSource(column.field(), column.fromElement());
    }

    /** The raw value; the element is missing for a document's empty-array row. */
    public JsonNode read(JsonNode document, JsonNode element) {
        return (fromElement ? element : document).path(field);
    }
}
