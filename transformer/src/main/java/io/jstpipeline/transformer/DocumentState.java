package io.jstpipeline.transformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What a table last made of one document: the version it read and the ids of the rows that version has,
 * so that a newer version deletes the rows it no longer has. Stored as JSON in the table's versions store.
 */
record DocumentState(DocumentVersion version, List<String> rowIds) {

    DocumentState {
        rowIds = List.copyOf(rowIds);
    }

    String encode() {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("modified", version.modified().toString())
                .put("ts", version.ts());
        rowIds.forEach(node.putArray("rows")::add);
        return node.toString();
    }

    static DocumentState decode(String stored) {
        try {
            JsonNode node = Json.MAPPER.readTree(stored);
            List<String> rowIds = new ArrayList<>();
            node.path("rows").forEach(id -> rowIds.add(id.asText()));
            return new DocumentState(new DocumentVersion(LocalDateTime.parse(node.path("modified").asText()),
                    node.path("ts").asLong(DocumentVersion.NO_TS)), rowIds);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
