package io.jstpipeline.transformer.table;

/**
 * One column of a table: its name, its type and where its value comes from in the document.
 * A source starting with {@code items.} reads the exploded item; any other source reads the document.
 */
public record Column(String name, ColumnType type, String source) {

    public static final String ITEM_PREFIX = "items.";

    public boolean fromItem() {
        return source.startsWith(ITEM_PREFIX);
    }

    /** The field name inside the document or the item. */
    public String field() {
        return fromItem() ? source.substring(ITEM_PREFIX.length()) : source;
    }
}
