package io.jstpipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenParams;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.sandbox.RateLimits.Limit;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private static final String OK = "ok";
    private static final String BAD_GATEWAY = "502";
    private static final String SERVICE_UNAVAILABLE = "503";
    private static final String UNAVAILABLE = "15 isp.remote-service-unavailable";
    private static final String CALL_LIMITED = "7 accesscontrol.limited-by-app-access-count";
    private static final String DROPPED = "dropped";
    private static final String TRUNCATED = "truncated";

    @Test
    void aSeededShareOfCallsFailTransientlyTheSameWayEachRun() throws Exception {
        SandboxOptions options = options().withFaults(0.3, 7);
        List<String> first = outcomes(options, 100);
        List<String> again = outcomes(options, 100);
        List<String> otherSeed = outcomes(options().withFaults(0.3, 8), 100);

        long failed = first.stream().filter(outcome -> !outcome.equals(OK)).count();
        assertThat(failed).isBetween(18L, 42L);
        // Every kind the real gateway and what stands before it give (the slow answer is an OK, late).
        assertThat(first).contains(BAD_GATEWAY, SERVICE_UNAVAILABLE, UNAVAILABLE, CALL_LIMITED, DROPPED, TRUNCATED)
                .containsOnly(OK, BAD_GATEWAY, SERVICE_UNAVAILABLE, UNAVAILABLE, CALL_LIMITED, DROPPED, TRUNCATED);
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void faultedCallsAreCountedAsRefusalsButNotAgainstTheLimits() throws Exception {
        SandboxOptions options = options().withFaults(0.5, 3)
                .withRateLimits(new RateLimits(List.of(new Limit(10, Duration.ofMinutes(1)))));
        try (QimenGateway gateway = QimenGateway.start(options)) {
            List<String> outcomes = outcomes(gateway, 40);
            // A slow or truncated answer is an answer: it counts against the limits; the others do not.
            long answered = outcomes.stream().filter(outcome -> outcome.equals(OK) || outcome.equals(TRUNCATED))
                    .count();
            long failed = outcomes.stream().filter(outcome -> !outcome.equals(OK) && !outcome.equals(TRUNCATED)
                    && !outcome.equals("199")).count();
            assertThat(answered).isEqualTo(10);
            assertThat(outcomes.stream().filter("199"::equals).count()).isEqualTo(40 - 10 - failed);
            Map<Integer, Long> refusals = gateway.refusals();
            assertThat(refusals.getOrDefault(502, 0L) + refusals.getOrDefault(503, 0L) + refusals.getOrDefault(15, 0L)
                    + refusals.getOrDefault(7, 0L) + outcomes.stream().filter(DROPPED::equals).count())
                    .isEqualTo(failed);
            assertThat(gateway.faultsInjected().values().stream().mapToLong(Long::longValue).sum())
                    .isGreaterThanOrEqualTo(failed);
            assertThat(gateway.describe()).contains("faults", "0.5");
        }
    }

    private static SandboxOptions options() {
        LocalDateTime dayAgo = QimenTime.now().minusDays(1);
        return SandboxOptions.defaults().withSaleoutCount(20).withRange(dayAgo.minusDays(1), dayAgo);
    }

    private static List<String> outcomes(SandboxOptions options, int calls) throws Exception {
        try (QimenGateway gateway = QimenGateway.start(options)) {
            return outcomes(gateway, calls);
        }
    }

    private static List<String> outcomes(QimenGateway gateway, int calls) throws Exception {
        SignedClient client = new SignedClient(gateway);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Map<String, String> params = client.params("md5");
            LocalDateTime now = QimenTime.now();
            params.put(QimenParams.START_TIME, QimenTime.format(now.minusDays(3)));
            params.put(QimenParams.END_TIME, QimenTime.format(now));
            HttpResponse<String> response;
            try {
                response = client.post(params);
            } catch (java.io.IOException dropped) {
                outcomes.add(DROPPED);
                continue;
            }
            outcomes.add(outcome(response));
        }
        return outcomes;
    }

    private static String outcome(HttpResponse<String> response) throws Exception {
        if (response.statusCode() == 502 || response.statusCode() == 503) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/html"));
            assertThat(response.body()).startsWith("<html>");
            return Integer.toString(response.statusCode());
        }
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException cut) {
            return TRUNCATED;
        }
        if (answer.has("error_response")) {
            JsonNode error = answer.get("error_response");
            return error.get("code").asText() + " " + error.get("sub_code").asText();
        }
        JsonNode page = answer.get("response");
        return page.has("code") ? page.get("code").asText() : OK;
    }
}
