package io.jstpipeline.mapping;

/**
 * One column of a table and where its value comes from: {@code source} is a field of the document, or
 * {@code <array>.<field>} for a field of the exploded array's element.
 *
 * @param required     a row whose value is absent or empty (and has no default) is rejected
 * @param defaultValue the value, as the API would send it, used when the document's is absent or empty; or null
 * @param tooLong      what a string longer than the column gets
 * @param comment      the DDL comment, or null
 */
public record ColumnMapping(
        String name,
        String source,
        ColumnType type,
        boolean required,
        String defaultValue,
        TooLong tooLong,
        String comment) {

    /** What happens to a string longer than its column. */
    public enum TooLong {
        /** The row goes to the dead-letter topic. */
        REJECT,
        /** The value is cut to the column's length. */
        TRUNCATE
    }

    /** Whether the value comes from the exploded array's element rather than the document. */
    public boolean fromElement() {
        return source.indexOf('.') >= 0;
    }

    /** The field name inside the document or the element; cut anew on each call (per row: {@link ColumnSource}). */
    public String field() {
        return source.substring(source.indexOf('.') + 1);
    }
}
