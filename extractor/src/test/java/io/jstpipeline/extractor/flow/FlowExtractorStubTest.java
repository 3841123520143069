package io.jstpipeline.extractor.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jstpipeline.common.qimen.QimenSigner;
import io.jstpipeline.common.Topics;
import io.jstpipeline.extractor.publish.CheckpointedPublisher;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.qimen.QimenApiException;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.WindowPlanner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against a stub gateway that answers from a script: refusals played as often as wanted, odd pages. */
class FlowExtractorStubTest {

    private static final String SECRET = "stub-secret";
    private static final LocalDateTime FROM = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final FlowDefinition SALEOUT = FlowCatalog.builtIn().flow("saleout");

    private static final String THROTTLED = """
            {"response":{"flag":"failure","code":199,"message":"more than 5 calls per second","request_id":"r-1"}}""";
    private static final String SERVER_FAULT = """
            {"error_response":{"code":15,"msg":"Remote service error","sub_code":"isp.unknown-error",\
            "sub_msg":"backend timeout","request_id":"r-2"}}""";
    /** Codes no list of the client's knows, in both envelopes, and an unknown server fault. */
    private static final String UNKNOWN_GATEWAY_CODE = """
            {"error_response":{"code":9999,"msg":"Something new","request_id":"r-3"}}""";
    private static final String UNKNOWN_JUSHUITAN_CODE = """
            {"response":{"flag":"failure","code":9999,"message":"something new","request_id":"r-4"}}""";
    private static final String UNKNOWN_SERVER_FAULT = """
            {"error_response":{"code":9998,"msg":"Odd","sub_code":"isp.unknown","sub_msg":"odd","request_id":"r-5"}}""";
    private static final String INVALID_ARGUMENTS = """
            {"error_response":{"code":41,"msg":"Invalid arguments","sub_code":"isv.invalid-parameter",\
            "sub_msg":"start_time is not a time","request_id":"r-6"}}""";
    // Spacing, a unicode escape and a decimal's trailing zero: re-serialising would change each of them.
    private static final String NOTE_1 = "{ \"o_id\" : 7001, \"io_id\": 1, \"shop_name\": \"\\u65d7\\u8230\", \"weight\": 1.50 }";
    private static final String NOTE_2 = "{\"o_id\":\"7002\",\"io_id\":2,\"items\":[{\"ioi_id\":9}]}";
    private static final String PAGE = "{\"response\": {\"page_index\": 1, \"page_size\": 50, \"data_count\": 2, "
            + "\"page_count\": 1, \"has_next\": false, \"datas\": [" + NOTE_1 + ",\n  " + NOTE_2 + "]}}";

    private final Queue<String> script = new ConcurrentLinkedQueue<>();
    /** When set, start_ts queries are answered from these (o_id, ts) pairs as the API pages them: ts above start_ts. */
    private List<long[]> byTs = List.of();
    private Charset responseCharset = StandardCharsets.UTF_8;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final CheckpointedPublisher publisher = new CheckpointedPublisher(producer);
    private HttpServer stub;
    private QimenClient client;

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/router/qm", this::answer);
        stub.start();
        client = new QimenClient(new QimenCredentials(
                "http://127.0.0.1:" + stub.getAddress().getPort() + "/router/qm", "stub-app", SECRET, "stub-customer"));
    }

    @AfterEach
    void stopStub() {
        client.close();
        stub.stop(0);
    }

    @Test
    void retriesAThrottledCallAndPublishesThePageVerbatim() throws Exception {
        script.addAll(List.of(THROTTLED, THROTTLED, PAGE));
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client, FlowExtractorTest.QUICK, publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL);

        ExtractionResult result = extractor.extractWindows("saleout", FROM, FROM.plusDays(1), null,
                ExtractionListener.NONE).result();

        assertThat(result).isEqualTo(new ExtractionResult(1, 1, 2, 0, 0));
        List<ProducerRecord<String, byte[]>> raw = producer.history().subList(0, 2);
        assertThat(raw).extracting(ProducerRecord::key).containsExactly("7001", "7002");
        assertThat(raw).extracting(FlowExtractorTest::text).containsExactly(NOTE_1, NOTE_2);
        assertThat(requests).hasSize(3).allSatisfy(params -> {
            assertThat(new QimenSigner(SECRET).verify(params)).isTrue();
            assertThat(params).containsEntry("start_time", "2024-01-01 00:00:00")
                    .containsEntry("end_time", "2024-01-02 00:00:00")
                    .containsEntry("page_index", "1")
                    .containsEntry("page_size", "50");
        });
        assertThat(contentTypes).containsOnly("application/x-www-form-urlencoded;charset=UTF-8");
    }

    @Test
    void anUnknownCodeIsRetriedWithBackoffAndTheFlowGoesOn() throws Exception {
        script.addAll(List.of(UNKNOWN_GATEWAY_CODE, UNKNOWN_JUSHUITAN_CODE, PAGE));
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client, ownPolicy(), publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL);

        ExtractionResult result = extractor.extractWindows("saleout", FROM, FROM.plusDays(1), null,
                ExtractionListener.NONE).result();

        assertThat(result).isEqualTo(new ExtractionResult(1, 1, 2, 0, 0));
        assertThat(requests).hasSize(3);
        assertThat(raw()).extracting(ProducerRecord::key).containsExactly("7001", "7002");
    }

    @ParameterizedTest
    @ValueSource(strings = {"25", "29", "10", "100", "110", "190", "40", "41"})
    void anAuthorizationOrParameterErrorStopsAtTheFirstAttemptNamingItsCodeAndMessage(String code) {
        script.add("{\"response\":{\"flag\":\"failure\",\"code\":" + code + ",\"message\":\"refused with "
                + code + "\",\"request_id\":\"r-7\"}}");
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client, ownPolicy(), publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL);

        assertThatThrownBy(() -> extractor.extractWindows("saleout", FROM, FROM.plusDays(1), null,
                ExtractionListener.NONE))
                .isInstanceOfSatisfying(QimenApiException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("code " + code + ", refused with " + code);
        assertThat(requests).hasSize(1);
    }

    @Test
    void aFlowStoppedByAParameterErrorIsStoppedForGoodUntilItsNextRunSucceeds() throws Exception {
        script.add(INVALID_ARGUMENTS);
        byTs = List.of(new long[] {1, 100});
        FlowRunner runner = new FlowRunner(new FlowExtractor(tsFlow(50), client, ownPolicy(), publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL), FlowRunner.DEFAULT_INSTANCE, key -> Optional.empty(),
                new WindowPlanner(), () -> FROM, FROM);

        assertThatThrownBy(() -> runner.incremental(ExtractionListener.NONE))
                .isInstanceOf(QimenApiException.class)
                .hasMessageContaining("code 41 (isv.invalid-parameter), Invalid arguments: start_time is not a time");
        assertThat(runner.stoppedForGood()).isTrue();

        runner.incremental(ExtractionListener.NONE);

        assertThat(runner.stoppedForGood()).isFalse();
        assertThat(raw()).extracting(ProducerRecord::key).containsExactly("1");
    }

    @Test
    void aFlowWhoseRetriesAreUsedUpOnAnUnknownFaultIsNotStoppedForGood() {
        script.addAll(List.of(UNKNOWN_SERVER_FAULT, UNKNOWN_GATEWAY_CODE, UNKNOWN_SERVER_FAULT));
        FlowRunner runner = new FlowRunner(new FlowExtractor(tsFlow(50), client, ownPolicy(), publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL), FlowRunner.DEFAULT_INSTANCE, key -> Optional.empty(),
                new WindowPlanner(), () -> FROM, FROM);

        assertThatThrownBy(() -> runner.incremental(ExtractionListener.NONE))
                .isInstanceOfSatisfying(QimenApiException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(requests).hasSize(3);
        assertThat(runner.stoppedForGood()).isFalse();
    }

    @Test
    void aPageInAnotherCharsetIsPublishedAsUtf8() throws Exception {
        String note = "{\"o_id\":7003,\"io_id\":3,\"shop_name\":\"旗舰店\"}";
        script.add("{\"response\": {\"page_index\": 1, \"page_size\": 50, \"data_count\": 1, \"page_count\": 1, "
                + "\"has_next\": false, \"datas\": [" + note + "]}}");
        responseCharset = Charset.forName("GBK");
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client, FlowExtractorTest.QUICK, publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL);

        extractor.extractWindows("saleout", FROM, FROM.plusDays(1), null, ExtractionListener.NONE);

        assertThat(FlowExtractorTest.text(producer.history().get(0))).isEqualTo(note);
    }

    @Test
    void givesUpWithTheLastFailureWhenTheAttemptsAreUsedUp() {
        script.addAll(List.of(SERVER_FAULT, SERVER_FAULT, SERVER_FAULT, PAGE));
        FlowExtractor extractor = new FlowExtractor(SALEOUT, client, FlowExtractorTest.QUICK, publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL);

        assertThatThrownBy(() -> extractor.extractWindows("saleout", FROM, FROM.plusDays(1), null,
                ExtractionListener.NONE))
                .isInstanceOfSatisfying(QimenApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("15");
                    assertThat(e.subCode()).isEqualTo("isp.unknown-error");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("backend timeout")
                .hasMessageContaining("r-2");
        assertThat(requests).hasSize(3);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void documentsSharingTheLastTsOfAPageAreReadOnTheNextOneAndNoneIsPublishedTwice() throws Exception {
        // Pages of 3: the first ends inside ts 200, and start_ts 200 would skip D (the API reads start_ts exclusive).
        byTs = List.of(new long[] {1, 100}, new long[] {2, 150}, new long[] {3, 200}, new long[] {4, 200},
                new long[] {5, 300});
        FlowExtractor extractor = new FlowExtractor(tsFlow(3), client, FlowExtractorTest.QUICK, publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL);

        extractor.extractSince("saleout", null, ExtractionListener.NONE);

        assertThat(raw()).extracting(ProducerRecord::key).containsExactly("1", "2", "3", "4", "5");
        assertThat(requests).extracting(p -> p.get("start_ts")).containsExactly("0", "199");
        assertThat(cursors()).extracting(FlowExtractorTest::text).containsExactly(
                "{\"lastTs\":200,\"publishedAtLastTs\":[\"3\"]}", "{\"lastTs\":300,\"publishedAtLastTs\":[\"5\"]}");
    }

    @Test
    void aWalkResumesAtItsLastTsWithoutPublishingItsDocumentsThere() throws Exception {
        byTs = List.of(new long[] {3, 200}, new long[] {4, 200}, new long[] {5, 300});
        FlowExtractor extractor = new FlowExtractor(tsFlow(50), client, FlowExtractorTest.QUICK, publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL);

        extractor.extractSince("saleout", Cursor.tsUpTo(200, List.of("3")), ExtractionListener.NONE);

        assertThat(raw()).extracting(ProducerRecord::key).containsExactly("4", "5");
    }

    @Test
    void moreDocumentsAtOneTsThanAPageHoldsStopTheWalkAtThatTs() throws Exception {
        // Three documents share ts 200 and a page holds two: start_ts cannot get past them.
        byTs = List.of(new long[] {1, 200}, new long[] {2, 200}, new long[] {3, 200}, new long[] {4, 300});
        FlowExtractor extractor = new FlowExtractor(tsFlow(2), client, FlowExtractorTest.QUICK, publisher,
                new WindowPlanner(), PagePool.SEQUENTIAL);

        assertThatThrownBy(() -> extractor.extractSince("saleout", null, ExtractionListener.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not advance")
                .hasMessageContaining("more than 2 documents share ts 200");
        assertThat(requests).extracting(p -> p.get("start_ts")).containsExactly("0", "199");
        assertThat(requests.get(0)).containsEntry("is_get_total", "false").containsEntry("page_index", "1");
        assertThat(raw()).extracting(ProducerRecord::key).containsExactly("1", "2");
        assertThat(producer.commitCount()).isEqualTo(1);
    }

    /** Retryable failures count against a breaker: a policy of the test's own leaves the shared one closed. */
    private static QimenCallPolicy ownPolicy() {
        return new QimenCallPolicy(FlowExtractorTest.QUICK.settings());
    }

    private static FlowDefinition tsFlow(int pageSize) {
        return new FlowDefinition("saleout", SALEOUT.method(), SALEOUT.listField(), SALEOUT.idField(), pageSize,
                FlowDefinition.CursorMode.TS, Duration.ofMinutes(1), null, 40);
    }

    private List<ProducerRecord<String, byte[]>> raw() {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.raw("saleout"))).toList();
    }

    private List<ProducerRecord<String, byte[]>> cursors() {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.EXTRACTOR_STATE)).toList();
    }

    /** The page a start_ts query gets from {@link #byTs}: documents above start_ts in ts order, page 1 only. */
    private String tsPage(Map<String, String> params) {
        long startTs = Long.parseLong(params.get("start_ts"));
        int pageSize = Integer.parseInt(params.get("page_size"));
        List<long[]> above = byTs.stream().filter(d -> d[1] > startTs).toList();
        String documents = above.stream().limit(pageSize)
                .map(d -> "{\"o_id\":" + d[0] + ",\"io_id\":" + d[0] + ",\"ts\":" + d[1] + "}")
                .collect(Collectors.joining(","));
        return "{\"response\": {\"page_index\": 1, \"page_size\": " + pageSize + ", \"has_next\": "
                + (above.size() > pageSize) + ", \"datas\": [" + documents + "]}}";
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            Map<String, String> params = formParams(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            requests.add(params);
            // The script first: refusals before the start_ts pages.
            String next = byTs.isEmpty() || !script.isEmpty() ? script.poll() : tsPage(params);
            byte[] body = (next == null ? "script exhausted" : next).getBytes(responseCharset);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=" + responseCharset.name());
            exchange.sendResponseHeaders(next == null ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> formParams(String encoded) {
        Map<String, String> params = new HashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
