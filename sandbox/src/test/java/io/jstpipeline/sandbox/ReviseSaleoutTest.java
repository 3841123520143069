package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.END_TIME;
import static io.jstpipeline.common.qimen.QimenParams.START_TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.qimen.QimenTime;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReviseSaleoutTest {

    private QimenGateway gateway;
    private SignedClient client;

    @BeforeEach
    void start() {
        LocalDateTime dayAgo = QimenTime.now().minusDays(1);
        gateway = QimenGateway.start(SandboxOptions.defaults()
                .withSaleoutCount(200)
                .withRange(dayAgo.minusDays(3), dayAgo));
        client = new SignedClient(gateway);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aRevisionMovesModifiedToNowAndTsPastEveryOther() throws Exception {
        ObjectNode before = gateway.saleouts().get(0);
        long ioId = before.get("io_id").asLong();
        long largestTs = gateway.saleouts().stream().mapToLong(note -> note.get("ts").asLong()).max().orElseThrow();
        LocalDateTime calledAt = QimenTime.now();

        ObjectNode revised = gateway.reviseSaleout(ioId, note -> note.put("remark", "买家改地址，已重新打单"));

        assertThat(QimenTime.parse(revised.get("modified").asText()))
                .isAfterOrEqualTo(calledAt)
                .isAfter(QimenTime.parse(before.get("modified").asText()));
        assertThat(revised.get("ts").asLong()).isGreaterThan(largestTs);
        assertThat(revised.get("remark").asText()).isEqualTo("买家改地址，已重新打单");
        assertThat(gateway.saleouts().get(0)).isEqualTo(revised);

        ObjectNode again = gateway.reviseSaleout(ioId, note -> { });
        assertThat(again.get("ts").asLong()).isGreaterThan(revised.get("ts").asLong());
    }

    @Test
    void theRevisedNoteLeavesItsOldWindowAndShowsUpInTheCurrentOne() throws Exception {
        ObjectNode before = gateway.saleouts().get(0);
        LocalDateTime oldModified = QimenTime.parse(before.get("modified").asText());
        gateway.reviseSaleout(before.get("io_id").asLong(), note -> note.put("status", "Archive"));

        JsonNode oldWindow = page(oldModified, oldModified.plusSeconds(1));
        assertThat(oldWindow.get("datas").findValues("io_id")).doesNotContain(before.get("io_id"));
        LocalDateTime now = QimenTime.now();
        JsonNode currentWindow = page(now.minusMinutes(1), now.plusMinutes(1));
        assertThat(currentWindow.get("data_count").asInt()).isEqualTo(1);
        assertThat(currentWindow.get("datas").get(0).get("status").asText()).isEqualTo("Archive");
    }

    @Test
    void callersCannotChangeServedNotesThroughTheirCopies() {
        ObjectNode copy = gateway.saleouts().get(0);
        copy.put("remark", "changed outside");
        assertThat(gateway.saleouts().get(0).get("remark").asText()).isNotEqualTo("changed outside");
    }

    @Test
    void anUnknownIoIdIsRefused() {
        assertThatThrownBy(() -> gateway.reviseSaleout(1L, note -> { })).isInstanceOf(NoSuchElementException.class);
    }

    private JsonNode page(LocalDateTime start, LocalDateTime end) throws Exception {
        Map<String, String> params = client.params("md5");
        params.put(START_TIME, QimenTime.format(start));
        params.put(END_TIME, QimenTime.format(end));
        return client.call(client.signed(params)).get("response");
    }
}
