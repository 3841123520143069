package io.jstpipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The values a real ERP sends that a table cannot take as they are, and the truth about each. */
class MessyValuesTest {

    @Test
    void aShareOfTheDocumentsCarriesOneMessEachAndTheTruthSaysWhatEachShouldBecome() throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withSaleoutCount(400).withOrderCount(400)
                .withMessiness(new MessyValues.Messiness(new Chance(0.2, 5), EnumSet.allOf(MessyValues.Mess.class)));
        try (QimenGateway gateway = QimenGateway.start(options)) {
            List<MessyValues.MessyDocument> messy = gateway.messy();
            assertThat(messy.size()).as("about a fifth of 800").isBetween(110, 210);
            assertThat(messy).extracting(MessyValues.MessyDocument::mess).containsAll(EnumSet.allOf(MessyValues.Mess.class));
            assertThat(messy).extracting(MessyValues.MessyDocument::flow).contains("saleout", "order");

            Map<String, ObjectNode> notes = byId(gateway.saleouts(), "io_id");
            Map<String, ObjectNode> orders = byId(gateway.orders(), "o_id");
            for (MessyValues.MessyDocument document : messy) {
                ObjectNode served = (document.flow().equals("saleout") ? notes : orders).get(document.documentId());
                JsonNode field = served.path(document.field());
                switch (document.mess()) {
                    case ZERO_DATE -> assertThat(field.asText()).isEqualTo("0000-00-00 00:00:00");
                    case EMPTY_DATE -> assertThat(field.asText()).isEmpty();
                    case THOUSANDS_SEPARATOR -> {
                        assertThat(field.asText()).matches("\\d{1,3}(,\\d{3})+\\.\\d{2}");
                        assertThat(new BigDecimal(document.expected()))
                                .isEqualByComparingTo(new BigDecimal(field.asText().replace(",", "")));
                    }
                    case LONG_TEXT -> assertThat(field.asText().length()).isGreaterThan(500);
                    case DUPLICATE_ITEM -> {
                        String idField = document.flow().equals("saleout") ? "ioi_id" : "oi_id";
                        JsonNode items = field;
                        assertThat(items.get(items.size() - 1).path(idField)).isEqualTo(items.get(0).path(idField));
                        assertThat(document.expected()).isEqualTo("duplicate id " + items.get(0).path(idField).asText()
                                + " in document " + document.documentId());
                    }
                    case FUTURE_MODIFIED -> assertThat(QimenTime.parse(field.asText()))
                            .isAfter(QimenTime.now().plusHours(23));
                }
                assertThat(document.sent()).as("the value as sent; of a duplicate, the copy")
                        .isEqualTo(field.isArray() ? field.get(field.size() - 1).toString() : field.asText());
                assertThat(document.becomes()).isEqualTo(switch (document.mess()) {
                    case ZERO_DATE, EMPTY_DATE -> MessyValues.Outcome.NULL;
                    case THOUSANDS_SEPARATOR -> MessyValues.Outcome.VALUE;
                    case LONG_TEXT -> MessyValues.Outcome.TRUNCATED;
                    case DUPLICATE_ITEM -> MessyValues.Outcome.DEAD_LETTER;
                    case FUTURE_MODIFIED -> MessyValues.Outcome.AS_SENT;
                });
            }

            JsonNode truth = Json.MAPPER.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(gateway.host() + QimenGateway.TRUTH_ROUTE)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(truth.path("messy")).isEqualTo(Json.MAPPER.valueToTree(messy));
        }
    }

    @Test
    void onlyTheKindsAskedForAreMadeAndTheSameSeedMakesTheSameMess() {
        SandboxOptions options = SandboxOptions.defaults().withSaleoutCount(300).withOrderCount(0)
                .withMessiness(new MessyValues.Messiness(new Chance(0.1, 9),
                        EnumSet.complementOf(EnumSet.of(MessyValues.Mess.FUTURE_MODIFIED))));
        List<MessyValues.MessyDocument> first;
        try (QimenGateway gateway = QimenGateway.start(options)) {
            first = gateway.messy();
        }
        try (QimenGateway gateway = QimenGateway.start(options)) {
            assertThat(gateway.messy()).isEqualTo(first);
        }
        assertThat(first).isNotEmpty().noneMatch(d -> d.mess() == MessyValues.Mess.FUTURE_MODIFIED);
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(300))) {
            assertThat(gateway.messy()).as("none unless asked for").isEmpty();
        }
    }

    private static Map<String, ObjectNode> byId(List<ObjectNode> documents, String idField) {
        return documents.stream().collect(Collectors.toMap(d -> d.path(idField).asText(), Function.identity()));
    }
}
