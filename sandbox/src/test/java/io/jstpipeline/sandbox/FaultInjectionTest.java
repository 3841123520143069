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
    private static final String UNAVAILABLE = "15 isp.remote-service-unavailable";

    @Test
    void aSeededShareOfCallsFailTransientlyTheSameWayEachRun() throws Exception {
        SandboxOptions options = options().withFaults(0.3, 7);
        List<String> first = outcomes(options, 100);
        List<String> again = outcomes(options, 100);
        List<String> otherSeed = outcomes(options().withFaults(0.3, 8), 100);

        long failed = first.stream().filter(outcome -> !outcome.equals(OK)).count();
        assertThat(failed).isBetween(18L, 42L);
        assertThat(first).contains(BAD_GATEWAY, UNAVAILABLE).containsOnly(OK, BAD_GATEWAY, UNAVAILABLE);
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void faultedCallsAreCountedAsRefusalsButNotAgainstTheLimits() throws Exception {
        SandboxOptions options = options().withFaults(0.5, 3)
                .withRateLimits(new RateLimits(List.of(new Limit(10, Duration.ofMinutes(1)))));
        try (QimenGateway gateway = QimenGateway.start(options)) {
            List<String> outcomes = outcomes(gateway, 40);
            long faulted = outcomes.stream().filter(outcome -> !outcome.equals(OK) && !outcome.equals("199")).count();
            assertThat(outcomes.stream().filter(OK::equals).count()).isEqualTo(10);
            assertThat(outcomes.stream().filter("199"::equals).count()).isEqualTo(40 - 10 - faulted);
            Map<Integer, Long> refusals = gateway.refusals();
            assertThat(refusals.getOrDefault(502, 0L) + refusals.getOrDefault(15, 0L)).isEqualTo(faulted);
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
            outcomes.add(outcome(client.post(params)));
        }
        return outcomes;
    }

    private static String outcome(HttpResponse<String> response) throws Exception {
        if (response.statusCode() == 502) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            return BAD_GATEWAY;
        }
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = Json.MAPPER.readTree(response.body());
        if (answer.has("error_response")) {
            JsonNode error = answer.get("error_response");
            return error.get("code").asText() + " " + error.get("sub_code").asText();
        }
        JsonNode page = answer.get("response");
        return page.has("code") ? page.get("code").asText() : OK;
    }
}
