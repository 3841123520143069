package io.jstpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.mapping.RowRejected;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.util.List;

/** The rows of documents as the transformer makes them, one document at a time, so no run holds them all. */
final class TableRowSource {

    private final DocumentFlattener flattener;

    TableRowSource(TableMapping table) {
        this.flattener = new DocumentFlattener(table);
    }

    /** One document's rows. */
    List<DocumentFlattener.Row> rows(JsonNode document) {
        try {
            return flattener.flatten(document).rows();
        } catch (RowRejected e) {
            throw new IllegalStateException("the sandbox made a document the mapping rejects: " + e.getMessage(), e);
        }
    }
}
