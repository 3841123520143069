package io.jstpipeline.extractor.qimen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One document of a page: its JSON exactly as the API sent it, which is what the raw topic keeps, and its
 * top-level values, for reading fields such as {@code o_id}, {@code io_id} and {@code ts}.
 *
 * @param json   the document's UTF-8 bytes cut from the response body, neither decoded nor re-serialised
 * @param fields the document's top-level fields whose values are not objects or arrays (the items are left in
 *               {@code json}: the extractor reads a handful of fields, and building every document's whole
 *               tree was most of its CPU)
 * @param page   the page of the call that brought it, from 1: named with a document that cannot be published
 */
public record RawDocument(byte[] json, ObjectNode fields, int page) {

    public RawDocument {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(fields, "fields");
    }

    /** The whole document, items included, parsed anew on each call: for what needs more than {@link #fields}. */
    public JsonNode tree() {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a document cut from a page that parsed no longer parses", e);
        }
    }

    /** The JSON as text. */
    public String text() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
