package io.jstpipeline.extractor.qimen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.RateLimits;
import io.jstpipeline.sandbox.SandboxOptions;
import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/**
 * Jushuitan's call limits against a sandbox that enforces them, on a clock scaled 20 times faster
 * (5 calls per 50 ms, 100 per 3 s) so that the test stays short.
 */
class CallBudgetTest {

    private static final double SCALE = 0.05;
    // Three windows of the per-minute limit: the last call can start no sooner than two periods after the first.
    private static final int CALLS = 201;

    @Test
    void aRunStaysWithinTheLimitsAndUsesAtLeastNinetyPercentOfThem() throws Exception {
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(100)
                .withRateLimits(RateLimits.jushuitan().scaled(SCALE)));
             QimenClient client = new QimenClient(new QimenCredentials(gateway.gatewayUrl(), gateway.appKey(),
                     gateway.appSecret(), gateway.customerId()))) {
            CallLimits limits = CallLimits.jushuitan().scaled(SCALE);
            QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(limits));
            // Pages of one document, so that the limits and not the sandbox's answer time set the pace.
            LocalDateTime from = gateway.options().to().minusDays(7);

            long started = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                policy.call("jushuitan.saleout.list.query", "page", () -> client.fetchPage("jushuitan.saleout.list.query", "datas", from,
                        gateway.options().to(), 1, 1));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(gateway.refusals()).as("no call over the limits").isEmpty();
            assertThat(policy.attempts()).isEqualTo(CALLS);
            Duration shortest = shortestPossible(limits, CALLS);
            assertThat((double) shortest.toNanos() / took.toNanos())
                    .as("used share of the budget: %s needed at the least, took %s", shortest, took)
                    .isGreaterThanOrEqualTo(0.9);
        }
    }

    /** The earliest the n-th call can start: every limit lets {@code calls} through per {@code per}. */
    private static Duration shortestPossible(CallLimits limits, int n) {
        return limits.limits().stream()
                .map(l -> l.per().multipliedBy((n - 1) / l.calls()))
                .max(Duration::compareTo).orElseThrow();
    }
}
