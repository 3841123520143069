package io.jstpipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the demo counts as the truth: the row ids each table must hold for the sandbox's documents. */
class DemoRunTest {

    @Test
    void everyItemAndPaymentIsARowAndAnOrderWithoutPaymentsStillGetsOne() throws Exception {
        JsonNode note = Json.MAPPER.readTree("""
                {"io_id": 11, "o_id": 21, "items": [{"ioi_id": 31}, {"ioi_id": 32}]}""");
        JsonNode paid = Json.MAPPER.readTree("""
                {"o_id": 21, "items": [{"oi_id": 41}], "pays": [{"pay_id": 51}, {"pay_id": 52}]}""");
        JsonNode unpaid = Json.MAPPER.readTree("""
                {"o_id": 22, "items": [{"oi_id": 42}], "pays": []}""");

        var ids = DemoRun.expectedRowIds(List.of(note), List.of(paid, unpaid));

        assertThat(ids.get("saleout_list_query")).containsExactlyInAnyOrder("11-31", "11-32");
        assertThat(ids.get("order_list_query")).containsExactlyInAnyOrder("21-51", "21-52", "22-none");
        assertThat(ids.get("order_item_list_query")).containsExactlyInAnyOrder("21-41", "22-42");
    }

    @Test
    void theDemosSandboxLeavesTheLastTwoMinutesEmptyForTheExtractorsSafetyLag() {
        var options = DemoRun.sandbox(30, 20, 7);
        assertThat(options.saleoutCount()).isEqualTo(30);
        assertThat(options.orderCount()).isEqualTo(20);
        assertThat(options.to()).isBefore(QimenTime.now().minusMinutes(1));
        assertThat(options.from()).isBefore(options.to().minusDays(29));
    }
}
