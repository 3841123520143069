package io.jstpipeline.extractor.publish;

import io.jstpipeline.extractor.qimen.RawDocument;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Documents of one flow read together: a window, or one step of a {@code ts} walk.
 *
 * @param idField   the flow's document id: a document without it, as one without {@code o_id}, is parked
 * @param read      the window or walk step they were read in, named in a dead letter
 */
public record DocumentBatch(String flow, String idField, String read, Collection<RawDocument> documents) {

    public DocumentBatch {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(idField, "idField");
        Objects.requireNonNull(read, "read");
        documents = List.copyOf(documents);
    }
}
