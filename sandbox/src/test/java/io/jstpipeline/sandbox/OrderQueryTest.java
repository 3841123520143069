package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.END_TIME;
import static io.jstpipeline.common.qimen.QimenParams.IS_GET_TOTAL;
import static io.jstpipeline.common.qimen.QimenParams.ORDER_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_INDEX;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_SIZE;
import static io.jstpipeline.common.qimen.QimenParams.SALEOUT_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.START_TIME;
import static io.jstpipeline.common.qimen.QimenParams.START_TS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order method, the {@code start_ts} cursor mode on both methods, and order revisions. */
class OrderQueryTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 3, 1, 0, 0);
    private static final LocalDateTime TO = LocalDateTime.of(2024, 3, 15, 0, 0);
    private static final LocalDateTime WINDOW_START = LocalDateTime.of(2024, 3, 5, 0, 0);
    private static final LocalDateTime WINDOW_END = WINDOW_START.plusDays(7);

    private QimenGateway gateway;
    private SignedClient client;

    @BeforeEach
    void start() {
        gateway = QimenGateway.start(
                SandboxOptions.defaults().withRange(FROM, TO).withSaleoutCount(300).withOrderCount(600));
        client = new SignedClient(gateway);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void pagingThroughAWindowReturnsEveryOrderInItOnceInApiOrder() throws Exception {
        List<ObjectNode> expected = gateway.orders().stream()
                .filter(order -> !modified(order).isBefore(WINDOW_START) && modified(order).isBefore(WINDOW_END))
                .sorted(Comparator.<ObjectNode, LocalDateTime>comparing(OrderQueryTest::modified)
                        .thenComparingLong(order -> order.get("o_id").asLong()))
                .toList();
        assertThat(expected.size()).as("a window holding several pages").isGreaterThan(200);
        int pageCount = (expected.size() + 99) / 100;

        List<JsonNode> received = new ArrayList<>();
        for (int pageIndex = 1; pageIndex <= pageCount; pageIndex++) {
            Map<String, String> params = window(ORDER_METHOD, pageIndex);
            params.put(PAGE_SIZE, "100");
            JsonNode page = client.call(client.signed(params)).get("response");
            assertThat(page.get("data_count").asInt()).isEqualTo(expected.size());
            assertThat(page.get("page_count").asInt()).isEqualTo(pageCount);
            assertThat(page.get("has_next").asBoolean()).isEqualTo(pageIndex < pageCount);
            assertThat(page.has("datas")).isFalse();
            page.get("orders").forEach(received::add);
        }
        assertThat(Json.MAPPER.writeValueAsString(received)).isEqualTo(Json.MAPPER.writeValueAsString(expected));
    }

    @Test
    void aPageSizeOver100Gets41AndAnOrderStatusFilters() throws Exception {
        Map<String, String> tooBig = window(ORDER_METHOD, 1);
        tooBig.put(PAGE_SIZE, "101");
        JsonNode error = client.call(client.signed(tooBig)).get("error_response");
        assertThat(error.get("code").asInt()).isEqualTo(41);
        assertThat(error.get("sub_msg").asText()).contains("page_size");

        Map<String, String> question = window(ORDER_METHOD, 1);
        question.put(DocumentQuery.STATUS, "Question");
        JsonNode page = client.call(client.signed(question)).get("response");
        assertThat(page.get("data_count").asInt()).isPositive();
        page.get("orders").forEach(order -> assertThat(order.get("status").asText()).isEqualTo("Question"));
    }

    @Test
    void startTsPagesWalkTheLaterDocumentsInTsOrderWithoutTotals() throws Exception {
        List<ObjectNode> byTs = gateway.orders().stream()
                .sorted(Comparator.comparingLong(order -> order.get("ts").asLong()))
                .toList();
        long startTs = byTs.get(byTs.size() / 3).get("ts").asLong();
        List<Long> expected = byTs.stream().filter(order -> order.get("ts").asLong() > startTs)
                .map(order -> order.get("o_id").asLong()).toList();

        List<Long> received = new ArrayList<>();
        JsonNode page;
        int pageIndex = 0;
        do {
            Map<String, String> params = client.paramsFor(ORDER_METHOD, "md5");
            params.put(START_TS, Long.toString(startTs));
            params.put(IS_GET_TOTAL, "false");
            params.put(PAGE_SIZE, "60");
            params.put(PAGE_INDEX, Integer.toString(++pageIndex));
            page = client.call(client.signed(params)).get("response");
            assertThat(page.has("data_count")).isFalse();
            assertThat(page.has("page_count")).isFalse();
            page.get("orders").forEach(order -> received.add(order.get("o_id").asLong()));
        } while (page.get("has_next").asBoolean());
        assertThat(pageIndex).isGreaterThan(3);
        assertThat(received).isEqualTo(expected);
    }

    @Test
    void aCursorWalkAtPageOneSeesEveryNoteOnceAndTotalsComeByDefault() throws Exception {
        List<Long> received = new ArrayList<>();
        long cursor = 0;
        JsonNode page;
        do {
            Map<String, String> params = client.paramsFor(SALEOUT_METHOD, "hmac");
            params.put(START_TS, Long.toString(cursor));
            params.put(PAGE_SIZE, "50");
            page = client.call(client.signed(params)).get("response");
            assertThat(page.has("data_count")).isTrue();
            for (JsonNode note : page.get("datas")) {
                received.add(note.get("io_id").asLong());
                assertThat(note.get("ts").asLong()).isGreaterThan(cursor);
                cursor = note.get("ts").asLong();
            }
        } while (page.get("has_next").asBoolean());
        assertThat(received).hasSize(300).doesNotHaveDuplicates();
    }

    @Test
    void startTsWithAWindowAppliesBoth() throws Exception {
        long startTs = RowVersion.ts(WINDOW_START.plusDays(3), 0);
        Map<String, String> params = window(ORDER_METHOD, 1);
        params.put(START_TS, Long.toString(startTs));
        params.put(PAGE_SIZE, "100");
        JsonNode page = client.call(client.signed(params)).get("response");
        long expected = gateway.orders().stream()
                .filter(order -> order.get("ts").asLong() > startTs && modified(order).isBefore(WINDOW_END))
                .count();
        assertThat(page.get("data_count").asLong()).isEqualTo(expected).isPositive();

        params.put(END_TIME, QimenTime.format(WINDOW_START.plusDays(8)));
        assertThat(client.call(client.signed(params)).get("error_response").get("code").asInt()).isEqualTo(41);
    }

    @Test
    void aNonNumericStartTsGets41() throws Exception {
        Map<String, String> params = client.paramsFor(ORDER_METHOD, "md5");
        params.put(START_TS, "2024-03-01");
        JsonNode error = client.call(client.signed(params)).get("error_response");
        assertThat(error.get("code").asInt()).isEqualTo(41);
        assertThat(error.get("sub_msg").asText()).contains("start_ts");
    }

    @Test
    void aRevisionMayDropAnItemOrAPaymentAndMovesTheOrderToNow() throws Exception {
        ObjectNode before = gateway.orders().stream()
                .filter(order -> order.get("items").size() > 1 && order.get("pays").size() > 0)
                .findFirst().orElseThrow();
        long oId = before.get("o_id").asLong();
        long largestTs = gateway.orders().stream().mapToLong(order -> order.get("ts").asLong()).max().orElseThrow();

        ObjectNode revised = gateway.reviseOrder(oId, order -> {
            ((ArrayNode) order.get("items")).remove(0);
            ((ArrayNode) order.get("pays")).removeAll();
        });

        assertThat(revised.get("items")).hasSize(before.get("items").size() - 1);
        assertThat(revised.get("items").get(0)).isEqualTo(before.get("items").get(1));
        assertThat(revised.get("pays")).isEmpty();
        assertThat(revised.get("ts").asLong()).isGreaterThan(largestTs);
        Map<String, String> params = client.paramsFor(ORDER_METHOD, "md5");
        params.put(START_TS, Long.toString(largestTs));
        JsonNode served = client.call(client.signed(params)).get("response").get("orders");
        assertThat(served).hasSize(1);
        assertThat(served.get(0).get("o_id").asLong()).isEqualTo(oId);
        assertThat(served.get(0).get("items")).hasSize(before.get("items").size() - 1);
        assertThatThrownBy(() -> gateway.reviseOrder(1L, order -> { })).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void theDescriptionNamesTheOrders() {
        assertThat(gateway.describe()).contains("600 sales orders", ORDER_METHOD);
    }

    private Map<String, String> window(String method, int pageIndex) {
        Map<String, String> params = client.paramsFor(method, "md5");
        params.put(PAGE_INDEX, Integer.toString(pageIndex));
        params.put(START_TIME, QimenTime.format(WINDOW_START));
        params.put(END_TIME, QimenTime.format(WINDOW_END));
        return params;
    }

    private static LocalDateTime modified(JsonNode document) {
        return QimenTime.parse(document.get("modified").asText());
    }
}
