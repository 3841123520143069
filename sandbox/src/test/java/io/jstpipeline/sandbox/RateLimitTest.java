package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.SIGN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.qimen.QimenParams;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.sandbox.RateLimits.Limit;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private QimenGateway gateway;
    private SignedClient client;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void jushuitansLimitsScaleTheirPeriods() {
        assertThat(RateLimits.jushuitan().scaled(0.1).limits()).containsExactly(
                new Limit(5, Duration.ofMillis(100)), new Limit(100, Duration.ofSeconds(6)));
        assertThat(SandboxOptions.defaults().rateLimits().isNone()).isTrue();
    }

    @Test
    void aBurstOverThePerSecondLimitGets199UntilTheWindowSlides() throws Exception {
        Duration second = Duration.ofMillis(600);
        start(RateLimits.jushuitan().scaled(second.toMillis() / 1000.0));

        List<Integer> burst = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(code(call()));
        }
        assertThat(burst).containsExactly(0, 0, 0, 0, 0, 199, 199, 199);

        Thread.sleep(second.toMillis() + 50);
        assertThat(code(call())).isZero();
        assertThat(gateway.refusals()).containsExactly(Map.entry(199, 3L));
        assertThat(gateway.calls()).isEqualTo(9);
    }

    @Test
    void thePerMinuteLimitGets200AndRefusedCallsDoNotCount() throws Exception {
        Duration second = Duration.ofMillis(500);
        start(new RateLimits(List.of(new Limit(3, second), new Limit(5, Duration.ofMinutes(1)))));

        assertThat(List.of(code(call()), code(call()), code(call()), code(call()))).containsExactly(0, 0, 0, 199);
        Thread.sleep(second.toMillis() + 50);
        // Two more fit in the minute only because the refused call was not counted.
        assertThat(List.of(code(call()), code(call()), code(call()))).containsExactly(0, 0, 200);

        JsonNode refusal = call().get("response");
        assertThat(refusal.get("flag").asText()).isEqualTo("failure");
        assertThat(refusal.get("code").asInt()).isEqualTo(200);
        assertThat(refusal.get("message").asText()).contains("5 calls per 60 s");
        assertThat(refusal.get("request_id").asText()).isNotBlank();
        assertThat(gateway.refusals()).containsEntry(199, 1L).containsEntry(200, 2L);
    }

    @Test
    void callsWithABadSignatureNeitherCountNorAreLimited() throws Exception {
        start(new RateLimits(List.of(new Limit(2, Duration.ofMinutes(1)))));
        for (int i = 0; i < 5; i++) {
            Map<String, String> params = client.signed(window());
            params.put(SIGN, "0123456789ABCDEF0123456789ABCDEF");
            assertThat(code(client.call(params))).isEqualTo(25);
        }
        assertThat(List.of(code(call()), code(call()), code(call()))).containsExactly(0, 0, 199);
        assertThat(gateway.describe()).contains("rate limits : 2 calls per 60 s");
    }

    private void start(RateLimits limits) {
        LocalDateTime dayAgo = QimenTime.now().minusDays(1);
        gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(20)
                .withRange(dayAgo.minusDays(1), dayAgo).withRateLimits(limits));
        client = new SignedClient(gateway);
    }

    private JsonNode call() throws Exception {
        return client.call(client.signed(window()));
    }

    private Map<String, String> window() {
        Map<String, String> params = client.params("md5");
        LocalDateTime now = QimenTime.now();
        params.put(QimenParams.START_TIME, QimenTime.format(now.minusDays(3)));
        params.put(QimenParams.END_TIME, QimenTime.format(now));
        return params;
    }

    /** 0 for a page, otherwise the refusal's code from either envelope. */
    private static int code(JsonNode answer) {
        if (answer.has("error_response")) {
            return answer.get("error_response").get("code").asInt();
        }
        return answer.get("response").path("code").asInt(0);
    }
}
