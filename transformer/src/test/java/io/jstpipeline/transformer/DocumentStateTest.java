package io.jstpipeline.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.DocumentVersion;
import io.jstpipeline.common.Json;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentStateTest {

    private static final DocumentVersion TEN_O_CLOCK = new DocumentVersion(LocalDateTime.of(2024, 1, 2, 10, 0),
            1704160800000017L);

    /** Ids holding the form's own separators, digits that look like lengths, braces, unicode and nothing. */
    private static final List<List<String>> ROW_IDS = List.of(
            List.of(),
            List.of("10000017-30000051", "10000017-30000052"),
            List.of(""),
            List.of("", "", ""),
            List.of("3:abc", "12:", ":", " ", "1 2 3", "{\"rows\":[]}", "}"),
            List.of("长长长-😊", "a\nb\tc\u0000", "\\\"", "9999999999:x"),
            List.of("12", "1", "123456789012345678901234567890"));

    @Test
    void aStateReadsBackAsItWasWhateverItsIdsHold() {
        List<DocumentVersion> versions = List.of(TEN_O_CLOCK,
                new DocumentVersion(LocalDateTime.of(2024, 1, 3, 8, 0, 0, 500_000_000), DocumentVersion.NO_TS),
                new DocumentVersion(LocalDateTime.of(2024, 1, 2, 10, 0, 0, 123_456_789), 0),
                new DocumentVersion(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1), Long.MAX_VALUE));
        for (DocumentVersion version : versions) {
            for (List<String> ids : ROW_IDS) {
                DocumentState state = new DocumentState(version, ids);
                String stored = state.encode();
                assertThat(stored).as("never taken for the JSON form").doesNotStartWith("{");
                assertThat(DocumentState.decode(stored)).as(stored).isEqualTo(state);
            }
        }
    }

    @Test
    void theStoredFormIsTheModifiedTimeTheTsAndEachIdAfterItsLength() {
        assertThat(new DocumentState(TEN_O_CLOCK, List.of("a-1", "b:c-2")).encode())
                .isEqualTo("1704189600 0 1704160800000017 3:a-15:b:c-2");
        assertThat(new DocumentState(TEN_O_CLOCK, List.of()).encode()).isEqualTo("1704189600 0 1704160800000017 ");
    }

    @Test
    void theJsonFormStoredBeforeIsStillRead() {
        assertThat(DocumentState.decode(
                "{\"modified\":\"2024-01-02T10:00\",\"ts\":1704160800000017,\"rows\":[\"10000017-30000051\",\"b\"]}"))
                .isEqualTo(new DocumentState(TEN_O_CLOCK, List.of("10000017-30000051", "b")));
        assertThat(DocumentState.decode("{\"modified\":\"2024-01-03T08:00:00.500\",\"ts\":-1,\"rows\":[]}"))
                .isEqualTo(new DocumentState(new DocumentVersion(LocalDateTime.of(2024, 1, 3, 8, 0, 0, 500_000_000),
                        DocumentVersion.NO_TS), List.of()));
        for (List<String> ids : ROW_IDS) {
            DocumentState state = new DocumentState(TEN_O_CLOCK, ids);
            assertThat(DocumentState.decode(jsonForm(state))).isEqualTo(state);
        }
    }

    @Test
    void aCutOrForeignValueFailsSayingWhatItIs() {
        String stored = new DocumentState(TEN_O_CLOCK, List.of("10000017-30000051")).encode();
        for (String broken : List.of(stored.substring(0, stored.length() - 1), "1704189600 0", "x", "")) {
            assertThatThrownBy(() -> DocumentState.decode(broken)).as(broken)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a stored document state");
        }
    }

    /** As the transformer wrote the state until it had a form of its own. */
    private static String jsonForm(DocumentState state) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("modified", state.version().modified().toString())
                .put("ts", state.version().ts());
        state.rowIds().forEach(node.putArray("rows")::add);
        return node.toString();
    }
}
