package io.jstpipeline.extractor;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One document of a page: its JSON exactly as the API sent it, which is what the raw topic keeps, and the same
 * JSON parsed, for reading fields such as {@code o_id}.
 *
 * @param json the document's UTF-8 bytes cut from the response body, neither decoded nor re-serialised
 * @param tree {@code json} parsed
 */
public record RawDocument(byte[] json, JsonNode tree) {

    public RawDocument {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(tree, "tree");
    }

    /** The JSON as text. */
    public String text() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
