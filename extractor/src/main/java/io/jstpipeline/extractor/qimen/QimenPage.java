package io.jstpipeline.extractor.qimen;

import java.util.List;

/**
 * One successful page of a list query.
 *
 * @param dataCount the number of documents in the whole window
 * @param hasNext   whether a page follows this one
 * @param documents this page's documents, in the order the API sent them
 */
public record QimenPage(int pageIndex, int pageSize, int dataCount, int pageCount, boolean hasNext,
                        List<RawDocument> documents) {

    public QimenPage {
        documents = List.copyOf(documents);
    }
}
