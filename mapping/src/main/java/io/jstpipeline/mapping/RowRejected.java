package io.jstpipeline.mapping;

/** A row that cannot go to the table as it is; the reason names the column so an operator can act on it. */
public final class RowRejected extends Exception {

    private final String column;

    public RowRejected(String column, String reason) {
        super(column == null ? reason : column + ": " + reason);
        this.column = column;
    }

    /** The failing column, or null when the document as a whole is unusable. */
    public String column() {
        return column;
    }
}
