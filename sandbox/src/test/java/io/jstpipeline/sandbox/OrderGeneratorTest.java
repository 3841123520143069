package io.jstpipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class OrderGeneratorTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 3, 1, 0, 0);
    private static final LocalDateTime TO = LocalDateTime.of(2024, 3, 31, 0, 0);

    private static final List<String> ORDER_FIELDS = List.of(
            "o_id", "so_id", "shop_id", "shop_name", "co_id", "wms_co_id", "ts", "status", "shop_status",
            "order_date", "created", "modified", "pay_date", "send_date", "plan_delivery_date", "pay_amount",
            "paid_amount", "freight", "free_amount", "l_id", "logistics_company", "receiver_state", "receiver_city",
            "receiver_district", "buyer_message", "remark", "invoice_title", "invoice_type", "buyer_tax_no", "is_cod",
            "type", "order_from", "question_type", "question_desc", "creator_name", "items", "pays");
    private static final List<String> ITEM_FIELDS = List.of(
            "oi_id", "sku_id", "i_id", "name", "properties_value", "qty", "price", "base_price", "amount", "is_gift",
            "refund_status");
    private static final List<String> PAY_FIELDS = List.of(
            "pay_id", "outer_pay_id", "pay_date", "amount", "payment", "buyer_account", "status", "is_order_pay");

    private final List<ObjectNode> orders = new OrderGenerator(42, 2000, FROM, TO).documents();

    @Test
    void sameSeedCountAndRangeGiveIdenticalJsonAndAnotherSeedOther() throws Exception {
        String json = Json.MAPPER.writeValueAsString(orders);
        assertThat(Json.MAPPER.writeValueAsString(new OrderGenerator(42, 2000, FROM, TO).documents())).isEqualTo(json);
        assertThat(Json.MAPPER.writeValueAsString(new OrderGenerator(43, 2000, FROM, TO).documents()))
                .isNotEqualTo(json);
    }

    @Test
    void fieldsComeInTheApiOrder() {
        for (ObjectNode order : orders) {
            assertThat(fieldNames(order)).isEqualTo(ORDER_FIELDS);
            order.get("items").forEach(item -> assertThat(fieldNames(item)).isEqualTo(ITEM_FIELDS));
            order.get("pays").forEach(pay -> assertThat(fieldNames(pay)).isEqualTo(PAY_FIELDS));
        }
    }

    @Test
    void amountsAddUp() {
        for (ObjectNode order : orders) {
            for (String field : List.of("pay_amount", "paid_amount", "freight", "free_amount")) {
                assertThat(order.get(field).asText()).as(field).matches("\\d+\\.\\d{2}");
            }
            BigDecimal goods = BigDecimal.ZERO;
            for (JsonNode item : order.get("items")) {
                BigDecimal price = decimal(item, "price");
                assertThat(decimal(item, "amount")).isEqualTo(
                        price.multiply(BigDecimal.valueOf(item.get("qty").asInt())).setScale(2));
                assertThat(decimal(item, "base_price")).isGreaterThanOrEqualTo(price);
                goods = goods.add(decimal(item, "amount"));
            }
            assertThat(decimal(order, "pay_amount"))
                    .isEqualTo(goods.add(decimal(order, "freight")).subtract(decimal(order, "free_amount")));
            BigDecimal paid = StreamSupport.stream(order.get("pays").spliterator(), false)
                    .map(pay -> decimal(pay, "amount"))
                    .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
            assertThat(paid).as("pays of %s", order.get("o_id")).isEqualTo(decimal(order, "paid_amount"));
        }
    }

    @Test
    void aboutOneOrderInTenHasNoPaymentTheRestOneOrTwo() {
        long withoutPays = orders.stream().filter(order -> order.get("pays").isEmpty()).count();
        assertThat(withoutPays).isBetween(140L, 260L);
        orders.forEach(order -> assertThat(order.get("pays").size()).isBetween(0, 2));
        orders.forEach(order -> assertThat(order.get("items").size()).isBetween(1, 5));
        assertThat(orders).anySatisfy(order -> assertThat(order.get("pays").size()).isEqualTo(2));
        assertThat(OrderGenerator.itemCount(orders))
                .isEqualTo(orders.stream().mapToLong(order -> order.get("items").size()).sum());
        assertThat(OrderGenerator.paymentCount(orders))
                .isEqualTo(orders.stream().mapToLong(order -> order.get("pays").size()).sum());
    }

    @Test
    void timesAreInBusinessOrderAndModifiedIsInTheRange() {
        for (ObjectNode order : orders) {
            LocalDateTime modified = time(order, "modified");
            assertThat(modified).isAfterOrEqualTo(FROM).isBefore(TO);
            assertThat(time(order, "order_date")).isBeforeOrEqualTo(time(order, "created"));
            LocalDateTime latest = time(order, "created");
            for (String field : List.of("pay_date", "send_date")) {
                if (!order.get(field).asText().isEmpty()) {
                    assertThat(time(order, field)).as(field).isAfterOrEqualTo(latest);
                    latest = time(order, field);
                }
            }
            assertThat(latest).isBeforeOrEqualTo(modified);
            boolean sent = order.get("status").asText().equals("Sent");
            assertThat(order.get("send_date").asText().isEmpty()).isEqualTo(!sent);
            time(order, "plan_delivery_date");
        }
    }

    @Test
    void idsAreUniqueAndApartFromTheOutboundNotes() {
        assertThat(orders).isSortedAccordingTo(Comparator.comparingLong(order -> order.get("o_id").asLong()));
        assertThat(orders.get(0).get("o_id").asLong()).isEqualTo(30_000_001L);
        assertUnique(orders, order -> order.get("o_id").asLong());
        assertUnique(nested(orders, "items"), item -> item.get("oi_id").asLong());
        assertUnique(nested(orders, "pays"), pay -> pay.get("pay_id").asLong());
    }

    @Test
    void sortingByTsIsSortingByModifiedThenOId() {
        List<ObjectNode> byTs = new ArrayList<>(orders);
        byTs.sort(Comparator.comparingLong(order -> order.get("ts").asLong()));
        List<ObjectNode> byModified = new ArrayList<>(orders);
        byModified.sort(Comparator.<ObjectNode, LocalDateTime>comparing(order -> time(order, "modified"))
                .thenComparingLong(order -> order.get("o_id").asLong()));
        assertThat(byTs).isEqualTo(byModified);
    }

    @Test
    void valuesAreOnesTheApiUses() {
        orders.forEach(order -> assertThat(OrderGenerator.STATUSES).contains(order.get("status").asText()));
        assertThat(orders.stream().filter(order -> order.get("status").asText().equals("Sent")).count())
                .isGreaterThan(orders.size() / 2);
        assertThat(orders).anySatisfy(order -> assertThat(order.get("question_desc").asText()).isNotEmpty());
        assertThat(orders).anySatisfy(order -> assertThat(order.get("invoice_type").asText()).isEqualTo("电子普通发票"));
        assertThat(nested(orders, "items"))
                .anySatisfy(item -> assertThat(item.get("refund_status").asText()).isEqualTo("success"));
        nested(orders, "pays").forEach(pay -> assertThat(pay.get("status").asText()).isEqualTo("Confirmed"));
    }

    private static List<JsonNode> nested(List<ObjectNode> orders, String field) {
        return orders.stream().flatMap(order -> StreamSupport.stream(order.get(field).spliterator(), false)).toList();
    }

    private static <T> void assertUnique(List<? extends JsonNode> nodes, Function<JsonNode, T> id) {
        Set<T> seen = new HashSet<>();
        nodes.forEach(node -> assertThat(seen.add(id.apply(node))).as("unique %s", id.apply(node)).isTrue());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }

    private static LocalDateTime time(JsonNode node, String field) {
        return QimenTime.parse(node.get(field).asText());
    }
}
