package io.jstpipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SaleoutGeneratorTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 3, 1, 0, 0);
    private static final LocalDateTime TO = LocalDateTime.of(2024, 3, 31, 0, 0);

    private static final List<String> NOTE_FIELDS = List.of(
            "io_id", "o_id", "so_id", "co_id", "shop_id", "shop_name", "created", "modified", "io_date", "ts",
            "status", "invoice_title", "shop_buyer_id", "receiver_country", "receiver_state", "receiver_city",
            "receiver_district", "buyer_message", "remark", "is_cod", "pay_amount", "paid_amount", "free_amount",
            "freight", "l_id", "lc_id", "logistics_company", "stock_enabled", "labels", "weight", "f_weight",
            "warehouse", "drp_co_id_from", "order_type", "open_id", "is_print_express", "is_print", "drp_info",
            "buyer_tax_no", "sns_sku_id", "sns_sn", "merge_so_id", "wms_co_id", "f_freight", "business_staff",
            "currency", "node", "pay_date", "seller_flag", "wave_id", "order_staff_id", "order_staff_name", "items");
    private static final List<String> ITEM_FIELDS = List.of(
            "ioi_id", "oi_id", "outer_oi_id", "raw_so_id", "sku_id", "i_id", "combine_sku_id", "name",
            "properties_value", "qty", "sale_price", "sale_base_price", "sale_amount", "pay_amount", "is_gift");

    private final List<ObjectNode> notes = new SaleoutGenerator(42, 2000, FROM, TO).documents();

    @Test
    void sameSeedCountAndRangeGiveIdenticalJson() throws Exception {
        String again = Json.MAPPER.writeValueAsString(new SaleoutGenerator(42, 2000, FROM, TO).documents());
        assertThat(again).isEqualTo(Json.MAPPER.writeValueAsString(notes));
    }

    @Test
    void anotherSeedGivesOtherDocuments() throws Exception {
        String other = Json.MAPPER.writeValueAsString(new SaleoutGenerator(43, 2000, FROM, TO).documents());
        assertThat(other).isNotEqualTo(Json.MAPPER.writeValueAsString(notes));
    }

    @Test
    void fieldsComeInTheApiOrder() {
        for (ObjectNode note : notes) {
            assertThat(fieldNames(note)).isEqualTo(NOTE_FIELDS);
            note.get("items").forEach(item -> assertThat(fieldNames(item)).isEqualTo(ITEM_FIELDS));
        }
    }

    @Test
    void everyNoteHasOneToFiveItemsAndTheStaticCountAddsThemUp() {
        long items = 0;
        for (ObjectNode note : notes) {
            assertThat(note.get("items").size()).isBetween(1, 5);
            items += note.get("items").size();
        }
        assertThat(SaleoutGenerator.itemCount(notes)).isEqualTo(items);
    }

    @Test
    void moneyHasTwoDecimalsAndTheAmountsAddUp() {
        for (ObjectNode note : notes) {
            for (String field : List.of("pay_amount", "paid_amount", "free_amount", "freight", "f_freight")) {
                assertThat(note.get(field).asText()).as(field).matches("\\d+\\.\\d{2}");
            }
            BigDecimal goods = BigDecimal.ZERO;
            BigDecimal itemsPaid = BigDecimal.ZERO;
            for (JsonNode item : note.get("items")) {
                for (String field : List.of("sale_price", "sale_base_price", "sale_amount", "pay_amount")) {
                    assertThat(item.get(field).asText()).as(field).matches("\\d+\\.\\d{2}");
                }
                BigDecimal price = decimal(item, "sale_price");
                assertThat(decimal(item, "sale_amount"))
                        .isEqualByComparingTo(price.multiply(BigDecimal.valueOf(item.get("qty").asInt())));
                assertThat(decimal(item, "sale_base_price")).isGreaterThanOrEqualTo(price);
                assertThat(item.get("qty").asInt()).isBetween(1, 5);
                goods = goods.add(decimal(item, "sale_amount"));
                itemsPaid = itemsPaid.add(decimal(item, "pay_amount"));
            }
            BigDecimal payAmount = decimal(note, "pay_amount");
            assertThat(payAmount).isEqualByComparingTo(goods.add(decimal(note, "freight")).subtract(decimal(note, "free_amount")));
            assertThat(note.get("paid_amount")).isEqualTo(note.get("pay_amount"));
            assertThat(itemsPaid).isEqualByComparingTo(payAmount.subtract(decimal(note, "freight")));
            assertThat(note.get("weight").asText()).matches("\\d+\\.\\d{3}");
            assertThat(note.get("f_weight").asText()).matches("\\d+\\.\\d{3}");
        }
    }

    @Test
    void timesAreInOrderAndModifiedIsInTheRange() {
        for (ObjectNode note : notes) {
            LocalDateTime modified = time(note, "modified");
            LocalDateTime created = time(note, "created");
            LocalDateTime ioDate = time(note, "io_date");
            assertThat(modified).isAfterOrEqualTo(FROM).isBefore(TO);
            assertThat(created).isBefore(modified);
            assertThat(ioDate).isAfterOrEqualTo(created).isBeforeOrEqualTo(modified);
            assertThat(time(note, "pay_date")).isBefore(created);
        }
    }

    @Test
    void sortingByTsIsSortingByModifiedThenIoId() {
        Comparator<JsonNode> apiOrder = Comparator.<JsonNode, LocalDateTime>comparing(note -> time(note, "modified"))
                .thenComparingLong(note -> note.get("io_id").asLong());
        List<ObjectNode> byTs = new ArrayList<>(notes);
        byTs.sort(Comparator.comparingLong(note -> note.get("ts").asLong()));
        List<ObjectNode> byModified = new ArrayList<>(notes);
        byModified.sort(apiOrder);
        assertThat(byTs).isEqualTo(byModified);
    }

    @Test
    void idsAreUniqueAndIoIdsAscend() {
        assertThat(notes).isSortedAccordingTo(Comparator.comparingLong(note -> note.get("io_id").asLong()));
        assertUnique(notes, note -> note.get("io_id").asLong());
        assertUnique(notes, note -> note.get("o_id").asLong());
        List<JsonNode> items = notes.stream()
                .flatMap(note -> StreamSupport.stream(note.get("items").spliterator(), false))
                .toList();
        assertUnique(items, item -> item.get("ioi_id").asLong());
        assertUnique(items, item -> item.get("oi_id").asLong());
    }

    @Test
    void valuesAreConsistentAndWithinTheirLengths() {
        Map<String, String> carriers = Map.of("ZTO", "中通快递", "YTO", "圆通速递", "STO", "申通快递",
                "YUNDA", "韵达快递", "SF", "顺丰速运", "JD", "京东快递", "JTSD", "极兔速递");
        for (ObjectNode note : notes) {
            assertThat(SaleoutGenerator.STATUSES).contains(note.get("status").asText());
            assertThat(carriers.get(note.get("lc_id").asText())).isEqualTo(note.get("logistics_company").asText());
            assertThat(note.get("buyer_message").asText()).hasSizeLessThanOrEqualTo(200);
            assertThat(note.get("remark").asText()).hasSizeLessThanOrEqualTo(200);
            assertThat(note.get("shop_name").asText()).hasSizeLessThanOrEqualTo(100);
            assertThat(note.get("seller_flag").asInt()).isBetween(0, 5);
            for (JsonNode item : note.get("items")) {
                assertThat(item.get("raw_so_id")).isEqualTo(note.get("so_id"));
                assertThat(item.get("name").asText()).hasSizeLessThanOrEqualTo(100);
            }
        }
        // The awkward but valid data real APIs send shows up in a data set this size.
        assertThat(notes).anySatisfy(note -> assertThat(note.get("buyer_message").asText()).contains("😊"));
        assertThat(notes).anySatisfy(note -> assertThat(note.get("buyer_message").asText()).isEmpty());
        assertThat(notes).anySatisfy(note -> assertThat(note.get("status").asText()).isEqualTo("Cancelled"));
    }

    @Test
    void refusesARangeWithoutAWholeSecond() {
        assertThatThrownBy(() -> new SaleoutGenerator(1, 1, FROM.plusNanos(200_000_000), FROM.plusNanos(800_000_000)))
                .isInstanceOf(IllegalArgumentException.class);
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
