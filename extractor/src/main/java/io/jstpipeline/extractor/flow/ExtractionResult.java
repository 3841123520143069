package io.jstpipeline.extractor.flow;

/**
 * What an extraction did, in all or so far.
 *
 * @param windows         windows done: every page read and the documents committed with the cursor
 * @param pages           pages fetched, re-reads included
 * @param documents       documents published
 * @param rereads         windows read again because their pages drifted while being read
 * @param unsettledWindows windows whose pages still drifted after the last re-read (published all the
 *                        same: the union of every read; the cursor keeps them, and the next runs read them
 *                        again until they settle)
 */
public record ExtractionResult(int windows, long pages, long documents, int rereads, int unsettledWindows) {

    public static final ExtractionResult NOTHING = new ExtractionResult(0, 0, 0, 0, 0);

    public ExtractionResult plus(ExtractionResult other) {
        return new ExtractionResult(windows + other.windows, pages + other.pages, documents + other.documents,
                rereads + other.rereads, unsettledWindows + other.unsettledWindows);
    }
}
