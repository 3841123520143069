package io.jstpipeline.transformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.DocumentVersion;
import io.jstpipeline.common.Json;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What a table last made of one document: the version it read and the ids of the rows that version has,
 * so that a newer version deletes the rows it no longer has.
 *
 * <p>Stored in the table's versions store as {@code <epoch second> <nano> <ts> } and then each row id as
 * {@code <length>:<id>}, the modified time taken at UTC: e.g. {@code 1704189600 0 -1 3:a-15:b:c-2}. The
 * length makes any id readable whatever it holds, and the form costs far less to write and read than JSON
 * did on every document. Stores and changelogs written before hold JSON objects, which are still read.
 */
record DocumentState(DocumentVersion version, List<String> rowIds) {

    DocumentState {
        rowIds = List.copyOf(rowIds);
    }

    String encode() {
        StringBuilder stored = new StringBuilder(48 + rowIds.size() * 24);
        stored.append(version.modified().toEpochSecond(ZoneOffset.UTC)).append(' ')
                .append(version.modified().getNano()).append(' ')
                .append(version.ts()).append(' ');
        for (String id : rowIds) {
            stored.append(id.length()).append(':').append(id);
        }
        return stored.toString();
    }

    static DocumentState decode(String stored) {
        if (stored.startsWith("{")) {
            return decodeJson(stored);
        }
        try {
            Reading reading = new Reading(stored);
            LocalDateTime modified = LocalDateTime.ofEpochSecond(reading.number(' '), (int) reading.number(' '),
                    ZoneOffset.UTC);
            long ts = reading.number(' ');
            List<String> rowIds = new ArrayList<>();
            while (!reading.done()) {
                rowIds.add(reading.id());
            }
            return new DocumentState(new DocumentVersion(modified, ts), rowIds);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stored document state: '" + stored + "'", e);
        }
    }

    /** The form stored before: {@code {"modified":"2024-01-02T10:00","ts":1704160800000017,"rows":[...]}}. */
    private static DocumentState decodeJson(String stored) {
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

    /** The stored form read left to right. */
    private static final class Reading {

        private final String text;
        private int at;

        Reading(String text) {
            this.text = text;
        }

        boolean done() {
            return at == text.length();
        }

        long number(char end) {
            int stop = text.indexOf(end, at);
            long number = Long.parseLong(text, at, stop, 10);
            at = stop + 1;
            return number;
        }

        String id() {
            int length = Math.toIntExact(number(':'));
            String id = text.substring(at, at + length);
            at += length;
            return id;
        }
    }
}
