package io.jstpipeline.mapping;

/**
 * A value that did not fit its column and was cleaned by the column's rule ({@link ColumnMapping.Invalid#NULL} or
 * {@link ColumnMapping.Invalid#TRUNCATE}) instead of rejecting its row.
 *
 * @param sent   the value as the document had it
 * @param reason why it did not fit, naming the column
 */
public record CleanedValue(ColumnMapping column, String sent, String reason) {
}
