package io.jstpipeline.common;

/** Topic names: the pipeline's public contract with other consumers. */
public final class Topics {

    public static final String TRANSFORM_DLQ = "jst.dlq.transform";
    /** Values the transformer cleaned by their column's rule (NULL, cut) to keep their rows, one record each. */
    public static final String TRANSFORM_CLEANED = "jst.cleaned.transform";
    /**
     * Documents the extractor could not publish as they are (no {@code o_id} to key them, larger than a record may
     * be), with the flow, window, page and reason in their headers.
     */
    public static final String EXTRACT_DLQ = "jst.dlq.extract";
    /** The extractor's cursors, one record per flow (and per backfill), compacted by key. */
    public static final String EXTRACTOR_STATE = "jst.extractor.state";

    private Topics() {
    }

    /** Raw documents of one flow, as the API sent them, keyed by {@code o_id}. */
    public static String raw(String flow) {
        return "jst.raw." + flow;
    }

    /** Flattened rows of one table, keyed by the row's stable id. */
    public static String rows(String table) {
        return "jst.rows." + table;
    }

    /** Records the JDBC sink could not write into one table. */
    public static String sinkDlq(String table) {
        return "jst.dlq.sink." + table;
    }
}
