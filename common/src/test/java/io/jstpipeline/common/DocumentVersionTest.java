package io.jstpipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class DocumentVersionTest {

    @Test
    void theLaterModifiedIsNewerWhateverItsTs() {
        assertThat(DocumentVersion.isNewer(doc("2024-01-02 11:00:00", 1), doc("2024-01-02 10:00:00", 9))).isTrue();
        assertThat(DocumentVersion.isNewer(doc("2024-01-02 10:00:00", 9), doc("2024-01-02 11:00:00", 1))).isFalse();
    }

    @Test
    void onEqualModifiedTheHigherTsIsNewerAndWithoutATsNeitherIs() {
        assertThat(DocumentVersion.isNewer(doc("2024-01-02 10:00:00", 8), doc("2024-01-02 10:00:00", 7))).isTrue();
        assertThat(DocumentVersion.isNewer(doc("2024-01-02 10:00:00", 7), doc("2024-01-02 10:00:00", 8))).isFalse();
        assertThat(DocumentVersion.isNewer(doc("2024-01-02 10:00:00", 7), doc("2024-01-02 10:00:00", 7))).isFalse();
        assertThat(DocumentVersion.isNewer(json("{\"modified\":\"2024-01-02 10:00:00\"}"),
                doc("2024-01-02 10:00:00", 7))).isFalse();
    }

    @Test
    void aDocumentWithoutAReadableModifiedIsNeverNewerAndAnyReadableOneIsNewerThanIt() {
        JsonNode zeroDate = doc("0000-00-00 00:00:00", 9);
        assertThat(DocumentVersion.of(zeroDate)).isNull();
        assertThat(DocumentVersion.isNewer(zeroDate, doc("2024-01-02 10:00:00", 1))).isFalse();
        assertThat(DocumentVersion.isNewer(doc("2024-01-02 10:00:00", 1), zeroDate)).isTrue();
    }

    @Test
    void modifiedIsReadInTheFormsTheApiSends() {
        assertThat(DocumentVersion.of(json("{\"modified\":\" 2024-01-02T10:00:00.5 \",\"ts\":3}")))
                .isEqualTo(new DocumentVersion(LocalDateTime.of(2024, 1, 2, 10, 0, 0, 500_000_000), 3));
    }

    private static JsonNode doc(String modified, long ts) {
        return json("{\"modified\":\"" + modified + "\",\"ts\":" + ts + "}");
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
