package io.jstpipeline.extractor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One document of a page: its JSON text exactly as the API sent it, which is what the raw topic keeps, and
 * the same text parsed, for reading fields such as {@code o_id}.
 *
 * @param json the document's characters cut from the response body, not re-serialised
 * @param tree {@code json} parsed
 */
public record RawDocument(String json, JsonNode tree) {

    public RawDocument {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(tree, "tree");
    }
}
