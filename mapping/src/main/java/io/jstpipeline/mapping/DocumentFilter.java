package io.jstpipeline.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Documents a table leaves out: those whose {@code field} holds one of {@code values} (e.g. cancelled ones). */
public record DocumentFilter(String field, Set<String> values) {

    public DocumentFilter {
        values = Set.copyOf(values);
    }

    public boolean skips(JsonNode document) {
        JsonNode value = document.path(field);
        return value.isValueNode() && values.contains(ValueConverter.clean(value.asText()));
    }
}
