package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.APP_KEY;
import static io.jstpipeline.common.qimen.QimenParams.CUSTOMER_ID;
import static io.jstpipeline.common.qimen.QimenParams.END_TIME;
import static io.jstpipeline.common.qimen.QimenParams.METHOD;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_INDEX;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_SIZE;
import static io.jstpipeline.common.qimen.QimenParams.SIGN;
import static io.jstpipeline.common.qimen.QimenParams.SIGN_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.START_TIME;
import static io.jstpipeline.common.qimen.QimenParams.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QimenGatewayTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 3, 1, 0, 0);
    private static final LocalDateTime TO = LocalDateTime.of(2024, 3, 31, 0, 0);
    private static final LocalDateTime WINDOW_START = LocalDateTime.of(2024, 3, 10, 0, 0);
    private static final LocalDateTime WINDOW_END = WINDOW_START.plusDays(7);

    private static QimenGateway gateway;
    private static SignedClient client;

    @BeforeAll
    static void start() {
        gateway = QimenGateway.start(SandboxOptions.defaults().withRange(FROM, TO));
        client = new SignedClient(gateway);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5", "hmac", "hmac-sha256"})
    void pagingThroughAWindowReturnsEveryNoteInItOnceInApiOrder(String signMethod) throws Exception {
        List<ObjectNode> expected = gateway.saleouts().stream()
                .filter(note -> !modified(note).isBefore(WINDOW_START) && modified(note).isBefore(WINDOW_END))
                .sorted(Comparator.<ObjectNode, LocalDateTime>comparing(QimenGatewayTest::modified)
                        .thenComparingLong(note -> note.get("io_id").asLong()))
                .toList();
        int pageCount = (expected.size() + 49) / 50;
        assertThat(expected.size()).as("a window holding several pages").isGreaterThan(100);

        List<JsonNode> received = new ArrayList<>();
        for (int pageIndex = 1; pageIndex <= pageCount; pageIndex++) {
            Map<String, String> params = query(signMethod, WINDOW_START, WINDOW_END, pageIndex);
            params.put(PAGE_SIZE, "50");
            JsonNode page = client.call(client.signed(params)).get("response");
            assertThat(page.get("page_index").asInt()).isEqualTo(pageIndex);
            assertThat(page.get("page_size").asInt()).isEqualTo(50);
            assertThat(page.get("data_count").asInt()).isEqualTo(expected.size());
            assertThat(page.get("page_count").asInt()).isEqualTo(pageCount);
            assertThat(page.get("has_next").asBoolean()).isEqualTo(pageIndex < pageCount);
            page.get("datas").forEach(received::add);
        }
        assertThat(received.stream().map(note -> note.get("io_id").asLong()).toList())
                .isEqualTo(expected.stream().map(note -> note.get("io_id").asLong()).toList());
        // Served as generated: same fields, values and order (parsed nodes would differ in int/long node types).
        assertThat(Json.MAPPER.writeValueAsString(received)).isEqualTo(Json.MAPPER.writeValueAsString(expected));
    }

    @Test
    void aPageBeyondTheLastIsEmpty() throws Exception {
        JsonNode page = client.call(client.signed(query("md5", WINDOW_START, WINDOW_END, 1000)))
                .get("response");
        assertThat(page.get("datas")).isEmpty();
        assertThat(page.get("has_next").asBoolean()).isFalse();
        assertThat(page.get("page_size").asInt()).isEqualTo(DocumentQuery.DEFAULT_PAGE_SIZE);
    }

    @Test
    void theStatusFilterKeepsOnlyThatStatus() throws Exception {
        Map<String, String> params = query("md5", WINDOW_START, WINDOW_END, 1);
        params.put(DocumentQuery.STATUS, "Cancelled");
        JsonNode page = client.call(client.signed(params)).get("response");
        long cancelled = gateway.saleouts().stream()
                .filter(note -> !modified(note).isBefore(WINDOW_START) && modified(note).isBefore(WINDOW_END))
                .filter(note -> note.get("status").asText().equals("Cancelled"))
                .count();
        assertThat(page.get("data_count").asLong()).isEqualTo(cancelled).isPositive();
        page.get("datas").forEach(note -> assertThat(note.get("status").asText()).isEqualTo("Cancelled"));
    }

    @Test
    void theTestRouteAnswersToo() throws Exception {
        String testUrl = gateway.gatewayUrl().replace(QimenGateway.ROUTE, QimenGateway.TEST_ROUTE);
        HttpResponse<String> response = client.post(testUrl, client.signed(query("md5", WINDOW_START, WINDOW_END, 1)));
        assertThat(Json.MAPPER.readTree(response.body()).has("response")).isTrue();
    }

    @Test
    void aBadSignatureGetsTheGatewayEnvelopeWithCode25() throws Exception {
        Map<String, String> params = client.signed(query("md5", WINDOW_START, WINDOW_END, 1));
        params.put(SIGN, "0123456789ABCDEF0123456789ABCDEF");
        JsonNode error = client.call(params).get("error_response");
        assertThat(error.get("code").asInt()).isEqualTo(25);
        assertThat(error.get("msg").asText()).isEqualTo("Invalid signature");
        assertThat(error.get("sub_code").asText()).isEqualTo("isv.invalid-signature");
        assertThat(error.get("sub_msg").asText()).isNotBlank();
        assertThat(error.get("request_id").asText()).isNotBlank();
    }

    @Test
    void signingWithMd5WhileNamingHmacGets25() throws Exception {
        Map<String, String> params = client.signed(query("md5", WINDOW_START, WINDOW_END, 1));
        params.put(SIGN_METHOD, "hmac");
        assertErrorCode(params, 25);
    }

    @Test
    void anUnknownSignMethodGets25() throws Exception {
        Map<String, String> params = query("sha1", WINDOW_START, WINDOW_END, 1);
        params.put(SIGN, "0123456789ABCDEF0123456789ABCDEF");
        assertErrorCode(params, 25);
    }

    @Test
    void aWindowOfMoreThanSevenDaysGets41() throws Exception {
        JsonNode error = errorFor(client.signed(
                query("md5", WINDOW_START, WINDOW_END.plusSeconds(1), 1)), 41);
        assertThat(error.get("sub_msg").asText()).contains("7 days");
    }

    @Test
    void aPageSizeOver50Gets41() throws Exception {
        Map<String, String> params = query("md5", WINDOW_START, WINDOW_END, 1);
        params.put(PAGE_SIZE, "51");
        JsonNode error = errorFor(client.signed(params), 41);
        assertThat(error.get("sub_msg").asText()).contains("page_size");
    }

    @Test
    void anEndBeforeTheStartGets41() throws Exception {
        assertErrorCode(client.signed(query("md5", WINDOW_END, WINDOW_START, 1)), 41);
    }

    @Test
    void noWindowGets41() throws Exception {
        assertErrorCode(client.signed(client.params("md5")), 41);
    }

    @Test
    void onlyOneWindowEndGets41() throws Exception {
        Map<String, String> params = query("md5", WINDOW_START, WINDOW_END, 1);
        params.remove(END_TIME);
        assertErrorCode(client.signed(params), 41);
    }

    @Test
    void aMissingParameterGets40() throws Exception {
        Map<String, String> params = query("md5", WINDOW_START, WINDOW_END, 1);
        params.remove(TIMESTAMP);
        JsonNode error = errorFor(client.signed(params), 40);
        assertThat(error.get("sub_msg").asText()).contains("timestamp");
    }

    @Test
    void aStaleTimestampGets31() throws Exception {
        Map<String, String> params = query("md5", WINDOW_START, WINDOW_END, 1);
        params.put(TIMESTAMP, QimenTime.format(QimenTime.now().minusMinutes(11)));
        assertErrorCode(client.signed(params), 31);
    }

    @Test
    void anUnknownAppKeyGets29() throws Exception {
        Map<String, String> params = query("md5", WINDOW_START, WINDOW_END, 1);
        params.put(APP_KEY, "someone-else");
        assertErrorCode(client.signed(params), 29);
    }

    @Test
    void anotherCustomerIdGets41() throws Exception {
        Map<String, String> params = query("md5", WINDOW_START, WINDOW_END, 1);
        params.put(CUSTOMER_ID, "another-merchant");
        assertErrorCode(client.signed(params), 41);
    }

    @Test
    void aMethodTheSandboxDoesNotServeGets22() throws Exception {
        Map<String, String> params = query("md5", WINDOW_START, WINDOW_END, 1);
        params.put(METHOD, "jushuitan.refund.list.query");
        assertErrorCode(client.signed(params), 22);
    }

    @Test
    void otherHttpMethodsAndPathsAreRefused() throws Exception {
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(gateway.gatewayUrl())).GET().build());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> elsewhere = client.post(gateway.gatewayUrl() + "x", client.params("md5"));
        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }

    @Test
    void aGatewayListeningOnEveryAddressAnswersOnLoopbackAndAdvertisesIt() throws Exception {
        // As in a container: the extractor of another container calls it over the network.
        try (QimenGateway everywhere = QimenGateway.start(SandboxOptions.defaults().withRange(FROM, TO), "0.0.0.0")) {
            assertThat(everywhere.gatewayUrl()).startsWith("http://127.0.0.1:" + everywhere.port() + "/");
            SignedClient everywhereClient = new SignedClient(everywhere);
            JsonNode page = everywhereClient.call(everywhereClient.signed(query("md5", WINDOW_START, WINDOW_END, 1)))
                    .get("response");
            assertThat(page.get("datas").size()).isPositive();
        }
    }

    @Test
    void concurrentCallsAreAllAnsweredAndCounted() {
        long before = gateway.calls();
        List<CompletableFuture<JsonNode>> calls = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return client.call(client.signed(query("hmac", WINDOW_START, WINDOW_END, i)));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .toList();
        calls.forEach(call -> assertThat(call.join().has("response")).isTrue());
        assertThat(gateway.calls() - before).isGreaterThanOrEqualTo(20);
    }

    @Test
    void theDescriptionNamesWhatAClientNeeds() {
        assertThat(gateway.describe())
                .contains(gateway.gatewayUrl(), gateway.appKey(), gateway.appSecret(), gateway.customerId(),
                        "1000", "2024-03-01 00:00:00", "2024-03-31 00:00:00");
        assertThat(gateway.options().toString()).doesNotContain(gateway.appSecret());
    }

    /** Unsigned parameters asking for one page of a window. */
    private static Map<String, String> query(String signMethod, LocalDateTime start, LocalDateTime end, int pageIndex) {
        Map<String, String> params = client.params(signMethod);
        params.put(PAGE_INDEX, Integer.toString(pageIndex));
        params.put(START_TIME, QimenTime.format(start));
        params.put(END_TIME, QimenTime.format(end));
        return params;
    }

    private static void assertErrorCode(Map<String, String> params, int code) throws Exception {
        errorFor(params, code);
    }

    private static JsonNode errorFor(Map<String, String> params, int code) throws Exception {
        JsonNode answer = client.call(params);
        assertThat(answer.has("response")).as("refused: %s", answer).isFalse();
        JsonNode error = answer.get("error_response");
        assertThat(error.get("code").asInt()).as("code in %s", answer).isEqualTo(code);
        assertThat(error.get("sub_msg").asText()).isNotBlank();
        return error;
    }

    private static LocalDateTime modified(JsonNode note) {
        return QimenTime.parse(note.get("modified").asText());
    }
}
