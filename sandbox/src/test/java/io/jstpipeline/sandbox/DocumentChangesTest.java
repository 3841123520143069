package io.jstpipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ERP at work while read: documents created and changed, and the truth served once the changes stop. */
class DocumentChangesTest {

    @Test
    void changesCreateAndReviseDocumentsUntilStoppedAndTheTruthIsWhatTheGatewayThenServes() throws Exception {
        LocalDateTime dayAgo = QimenTime.now().minusDays(1);
        SandboxOptions options = SandboxOptions.defaults().withSaleoutCount(40).withOrderCount(30)
                .withRange(dayAgo.minusDays(1), dayAgo).withChangesPerSecond(200);
        try (QimenGateway gateway = QimenGateway.start(options)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.changesMade().values().stream()
                    .mapToLong(Long::longValue).sum() >= 400);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create(gateway.host()
                    + QimenGateway.CHANGES_ROUTE + "stop")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stopped.statusCode()).isEqualTo(200);
            long made = gateway.changesMade().values().stream().mapToLong(Long::longValue).sum();
            Thread.sleep(200);
            assertThat(gateway.changesMade().values().stream().mapToLong(Long::longValue).sum())
                    .as("no change after the stop").isEqualTo(made);
            assertThat(gateway.changesMade().keySet()).contains("NEW_ORDER", "NEW_NOTE", "PAYMENT_REMOVED",
                    "ORDER_ITEM_ADDED", "NOTE_ITEM_REMOVED", "ORDER_STATUS");

            List<ObjectNode> notes = gateway.saleouts();
            List<ObjectNode> orders = gateway.orders();
            assertThat(notes.size()).isGreaterThan(40);
            assertThat(orders.size()).isGreaterThan(30);
            assertThat(orders).anyMatch(order -> order.path("pays").isEmpty());
            assertThat(notes).anyMatch(note -> QimenTime.parse(note.path("modified").asText()).isAfter(dayAgo));
            assertUnique(notes.stream().flatMap(note -> stream(note.path("items"))).map(i -> i.path("ioi_id").asLong()));
            assertUnique(orders.stream().flatMap(order -> stream(order.path("pays"))).map(p -> p.path("pay_id").asLong()));
            assertUnique(orders.stream().flatMap(order -> stream(order.path("items"))).map(i -> i.path("oi_id").asLong()));
            Set<Long> orderIds = new HashSet<>(orders.stream().map(o -> o.path("o_id").asLong()).toList());
            Set<Long> generated = new HashSet<>(new SaleoutGenerator(options.seed(), 40, options.from(), options.to())
                    .documents().stream().map(note -> note.path("io_id").asLong()).toList());
            assertThat(notes.stream().filter(note -> !generated.contains(note.path("io_id").asLong())))
                    .as("new notes ship existing orders").isNotEmpty()
                    .allMatch(note -> orderIds.contains(note.path("o_id").asLong()));

            JsonNode truth = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(gateway.host()
                    + QimenGateway.TRUTH_ROUTE)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(truth.path("saleout")).isEqualTo(Json.MAPPER.valueToTree(notes));
            assertThat(truth.path("order")).isEqualTo(Json.MAPPER.valueToTree(orders));
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    private static void assertUnique(Stream<Long> ids) {
        List<Long> all = ids.toList();
        assertThat(new HashSet<>(all)).hasSameSizeAs(all);
    }
}
