package io.jstpipeline.mapping;

import java.util.Locale;

/**
 * One column of a table and where its value comes from: {@code source} is a field of the document, or
 * {@code <array>.<field>} for a field of the exploded array's element.
 *
 * @param required     a row whose value is absent or empty (and has no default) is rejected
 * @param defaultValue the value, as the API would send it, used when the document's is absent or empty; or null
 * @param invalid      what a value that does not fit the column gets: a zero or unreadable time, a number that
 *                     does not parse, a string longer than the column
 * @param comment      the DDL comment, or null
 */
public record ColumnMapping(
        String name,
        String source,
        ColumnType type,
        boolean required,
        String defaultValue,
        Invalid invalid,
        String comment) {

    /** What a value that does not fit its column gets; the mapping file's {@code invalid}. */
    public enum Invalid {
        /** The row goes to the dead-letter topic with the reason. */
        REJECT,
        /** The column is NULL and the row goes on (optional columns only). */
        NULL,
        /** The string is cut to the column's length and the row goes on (strings only). */
        TRUNCATE;

        /** As the mapping file spells it. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Unless the mapping says otherwise: an optional time that cannot be read is NULL (ERPs send zero dates for
         * "not yet"), anything else rejects its row, as a cut id or a guessed amount would be wrong data.
         */
        static Invalid byDefault(ColumnType type, boolean required) {
            return !required && type instanceof ColumnType.DateTime ? NULL : REJECT;
        }
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
