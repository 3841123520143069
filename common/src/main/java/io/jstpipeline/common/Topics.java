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

    /**
     * What each service process says of itself every few seconds (its figures, its state), keyed
     * {@code <role>/<host>/<pid>}; compacted, read by {@code status}.
     */
    public static final String SERVICES = "jst.services";

    /**
     * Which dead letters were sent back into their stage ({@code jst-pipeline dlq replay}): one record per dead letter,
     * keyed {@code <dlq topic>/<partition>/<offset>}, with when, by whom and where to; compacted.
     */
    public static final String DLQ_REPLAYED = "jst.dlq.replayed";
    /**
     * The header a replayed dead letter carries, {@code <dlq topic>/<partition>/<offset>}: the transformer makes rows
     * of a replayed document again even when it has made rows of that version before.
     */
    public static final String REPLAY_OF = "jst.replay.of";

    private static final String DLQ_PREFIX = "jst.dlq.";
    private static final String RAW_PREFIX = "jst.raw.";
    private static final String ROWS_PREFIX = "jst.rows.";

    private Topics() {
    }

    /** Raw documents of one flow, as the API sent them, keyed by {@code o_id}. */
    public static String raw(String flow) {
        return RAW_PREFIX + flow;
    }

    /** Whether {@code topic} is a flow's raw topic. */
    public static boolean isRaw(String topic) {
        return topic.startsWith(RAW_PREFIX);
    }

    /** Flattened rows of one table, keyed by the row's stable id. */
    public static String rows(String table) {
        return ROWS_PREFIX + table;
    }

    /** Whether {@code topic} is a table's row topic. */
    public static boolean isRows(String topic) {
        return topic.startsWith(ROWS_PREFIX);
    }

    /** Whether {@code topic} holds dead letters (the ledger of their replays does not). */
    public static boolean isDeadLetters(String topic) {
        return topic.startsWith(DLQ_PREFIX) && !topic.equals(DLQ_REPLAYED);
    }

    /** Records the JDBC sink could not write into one table. */
    public static String sinkDlq(String table) {
        return DLQ_PREFIX + "sink." + table;
    }
}
