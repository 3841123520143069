package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.END_TIME;
import static io.jstpipeline.common.qimen.QimenParams.ORDER_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_INDEX;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_SIZE;
import static io.jstpipeline.common.qimen.QimenParams.SALEOUT_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.START_TIME;
import static io.jstpipeline.common.qimen.QimenParams.START_TS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.qimen.QimenTime;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagingDriftTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 3, 1, 0, 0);
    private static final LocalDateTime TO = LocalDateTime.of(2024, 3, 8, 0, 0);

    @ParameterizedTest
    @CsvSource({SALEOUT_METHOD + ",datas", ORDER_METHOD + ",orders"})
    void aNaivePagerMissesDocumentsThatChangeWhileItPages(String method, String listField) throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withRange(FROM, TO).withSaleoutCount(100)
                .withOrderCount(100).withRevisionsDuringPaging(1.0, 11);
        try (QimenGateway gateway = QimenGateway.start(options)) {
            SignedClient client = new SignedClient(gateway);
            String idField = DocumentKind.servedAt(method).orElseThrow().idField();
            Set<Long> seen = new HashSet<>();
            int dataCount = -1;
            int pageCount = 1;
            for (int pageIndex = 1; pageIndex <= pageCount; pageIndex++) {
                JsonNode page = client.call(client.signed(windowPage(client, method, pageIndex))).get("response");
                if (pageIndex == 1) {
                    dataCount = page.get("data_count").asInt();
                    pageCount = page.get("page_count").asInt();
                }
                page.get(listField).forEach(document -> seen.add(document.get(idField).asLong()));
            }
            assertThat(dataCount).isEqualTo(100);
            assertThat(seen.size()).isLessThan(dataCount);
            assertThat(gateway.revisionsMade()).isEqualTo(pageCount - 1);
            assertThat(gateway.describe()).contains("drift");

            // A cursor walk is not disturbed: it finds every revised document after the others.
            long revisionsBefore = gateway.revisionsMade();
            Set<Long> walked = new HashSet<>();
            long cursor = 0;
            JsonNode page;
            do {
                Map<String, String> params = client.paramsFor(method, "md5");
                params.put(START_TS, Long.toString(cursor));
                params.put(PAGE_SIZE, "10");
                page = client.call(client.signed(params)).get("response");
                for (JsonNode document : page.get(listField)) {
                    walked.add(document.get(idField).asLong());
                    cursor = document.get("ts").asLong();
                }
            } while (page.get("has_next").asBoolean());
            assertThat(walked).hasSize(100);
            assertThat(gateway.revisionsMade()).isEqualTo(revisionsBefore);
        }
    }

    private static Map<String, String> windowPage(SignedClient client, String method, int pageIndex) {
        Map<String, String> params = client.paramsFor(method, "md5");
        params.put(START_TIME, QimenTime.format(FROM));
        params.put(END_TIME, QimenTime.format(TO));
        params.put(PAGE_SIZE, "10");
        params.put(PAGE_INDEX, Integer.toString(pageIndex));
        return params;
    }

    @Test
    void onceTheChangesStopPagingNoLongerRevisesAnything() throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withRange(FROM, TO).withSaleoutCount(100)
                .withRevisionsDuringPaging(1.0, 11);
        try (QimenGateway gateway = QimenGateway.start(options)) {
            SignedClient client = new SignedClient(gateway);
            client.call(client.signed(windowPage(client, SALEOUT_METHOD, 1)));
            assertThat(gateway.revisionsMade()).isEqualTo(1);

            gateway.stopChanges();
            List<ObjectNode> truth = gateway.saleouts();
            for (int pageIndex = 1; pageIndex <= 10; pageIndex++) {
                client.call(client.signed(windowPage(client, SALEOUT_METHOD, pageIndex)));
            }
            assertThat(gateway.revisionsMade()).isEqualTo(1);
            assertThat(gateway.saleouts()).as("the truth holds still").isEqualTo(truth);
        }
    }
}
