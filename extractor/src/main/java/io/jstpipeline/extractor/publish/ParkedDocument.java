package io.jstpipeline.extractor.publish;

/**
 * A document parked in {@code jst.dlq.extract} instead of its raw topic, in the transaction of its window.
 *
 * @param key    its {@code o_id}, or null when it has none
 * @param page   the page it came on
 * @param reason why, for a metric's tag
 * @param detail why, in words
 */
public record ParkedDocument(String key, int page, Reason reason, String detail) {

    /** Why a document cannot go to its raw topic as it is. */
    public enum Reason {
        /** No {@code o_id}: its record has no key, and the transformer could not tell its versions apart. */
        NO_KEY("no-key"),
        /** No value in the flow's id field ({@code io_id}, {@code o_id}). */
        NO_ID("no-id"),
        /** Its record is larger than the producer sends or the raw topic takes. */
        TOO_LARGE("too-large");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        /** The reason as a metric's tag value. */
        public String tag() {
            return tag;
        }
    }
}
