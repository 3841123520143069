package io.jstpipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pages assembled from the stored bytes read as the answer Jackson renders from the documents' trees. */
class DocumentStoreTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 3, 1, 0, 0);
    private static final LocalDateTime TO = LocalDateTime.of(2024, 3, 4, 0, 0);

    private final List<ObjectNode> notes = new SaleoutGenerator(42, 60, FROM, TO).documents();
    private final List<ObjectNode> orders = new OrderGenerator(42, 80, FROM, TO).documents();

    @Test
    void aWindowPageWithTotalsHoldsItsSliceOfTheWindow() throws Exception {
        DocumentStore store = new DocumentStore(DocumentKind.SALEOUT, notes);
        List<ObjectNode> inWindowOrder = notes.stream()
                .sorted(Comparator.<ObjectNode, LocalDateTime>comparing(DocumentStoreTest::modified)
                        .thenComparingLong(note -> note.get("io_id").asLong()))
                .toList();

        DocumentStore.Page page = store.page(new DocumentQuery(2, 25, FROM, TO, null, List.of(), true));

        assertServes(page, response(2, 25).put("data_count", 60).put("page_count", 3).put("has_next", true)
                .set("datas", Json.MAPPER.createArrayNode().addAll(inWindowOrder.subList(25, 50))));
        assertThat(page.hasNext()).isTrue();
        assertThat(page.servedSoFar()).extracting(DocumentStore.Stored::id)
                .isEqualTo(inWindowOrder.subList(0, 50).stream().map(note -> note.get("io_id").asLong()).toList());
    }

    @Test
    void aTsPageWithoutTotalsHoldsTheFirstDocumentsOfThatStatus() throws Exception {
        DocumentStore store = new DocumentStore(DocumentKind.ORDER, orders);
        List<ObjectNode> sent = orders.stream()
                .filter(order -> order.get("status").asText().equals("Sent"))
                .sorted(Comparator.comparingLong(order -> order.get("ts").asLong()))
                .toList();
        assertThat(sent).as("more sent orders than a page holds").hasSizeGreaterThan(5);

        DocumentStore.Page page = store.page(new DocumentQuery(1, 5, null, null, 0L, List.of("Sent"), false));

        assertServes(page, response(1, 5).put("has_next", true)
                .set("orders", Json.MAPPER.createArrayNode().addAll(sent.subList(0, 5))));
    }

    @Test
    void aPageBeyondTheLastHasAnEmptyList() throws Exception {
        DocumentStore store = new DocumentStore(DocumentKind.SALEOUT, notes);

        DocumentStore.Page page = store.page(new DocumentQuery(9, 25, FROM, TO, null, List.of(), true));

        assertServes(page, response(9, 25).put("data_count", 60).put("page_count", 3).put("has_next", false)
                .set("datas", Json.MAPPER.createArrayNode()));
        assertThat(page.servedSoFar()).hasSize(60);
    }

    @Test
    void aRevisedDocumentIsServedWithItsNewContent() throws Exception {
        DocumentStore store = new DocumentStore(DocumentKind.SALEOUT, notes);
        long ioId = notes.get(7).get("io_id").asLong();
        long largestTs = notes.stream().mapToLong(note -> note.get("ts").asLong()).max().orElseThrow();

        ObjectNode revised = store.revise(ioId, note -> note.put("remark", "改发顺丰"), TO.plusHours(1));

        assertThat(revised.get("remark").asText()).isEqualTo("改发顺丰");
        DocumentStore.Page page = store.page(new DocumentQuery(1, 25, null, null, largestTs, List.of(), true));
        assertServes(page, response(1, 25).put("data_count", 1).put("page_count", 1).put("has_next", false)
                .set("datas", Json.MAPPER.createArrayNode().add(revised)));
        assertThat(store.snapshot().get(7)).isEqualTo(revised);
    }

    private static LocalDateTime modified(ObjectNode note) {
        return QimenTime.parse(note.get("modified").asText());
    }

    private static ObjectNode response(int pageIndex, int pageSize) {
        return Json.MAPPER.createObjectNode().put("page_index", pageIndex).put("page_size", pageSize);
    }

    /**
     * The bytes served are those Jackson writes for the answer tree, as the gateway rendered each page before:
     * same fields in the same order, same values (compared as text, as parsed trees would differ in int and long
     * node types; the byte writer escapes characters outside the BMP, as it did for the old replies).
     */
    private static void assertServes(DocumentStore.Page page, ObjectNode response) throws Exception {
        ObjectNode expected = Json.MAPPER.createObjectNode().set("response", response);
        assertThat(new String(page.answer(), StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(expected), StandardCharsets.UTF_8));
    }
}
