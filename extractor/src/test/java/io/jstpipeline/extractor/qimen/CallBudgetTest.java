package io.jstpipeline.extractor.qimen;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.RateLimits;
import io.jstpipeline.sandbox.SandboxOptions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void extractionAndReconciliationOfOneAppKeyStayWithinItsLimitsTogether() throws Exception {
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(100)
                .withRateLimits(RateLimits.jushuitan().scaled(SCALE)));
             QimenClient extractorClient = client(gateway);
             QimenClient reconcileClient = client(gateway)) {
            QimenCallPolicy.Settings settings = QimenCallPolicy.Settings.defaults()
                    .withLimits(CallLimits.jushuitan().scaled(SCALE));
            // Made apart, as `extract --reconcile-every` makes the extractor's and the reconciliation's.
            QimenCallPolicy extraction = new QimenCallPolicy(settings, gateway.appKey());
            QimenCallPolicy reconciliation = new QimenCallPolicy(settings, gateway.appKey());
            LocalDateTime from = gateway.options().to().minusDays(7);
            ExecutorService callers = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> both = new ArrayList<>();
                for (QimenCallPolicy policy : List.of(extraction, reconciliation)) {
                    QimenClient client = policy == extraction ? extractorClient : reconcileClient;
                    both.add(callers.submit(() -> {
                        for (int i = 0; i < CALLS / 2; i++) {
                            policy.call("jushuitan.saleout.list.query", "page", () -> client.fetchPage(
                                    "jushuitan.saleout.list.query", "datas", from, gateway.options().to(), 1, 1));
                        }
                        return null;
                    }));
                }
                for (Future<?> caller : both) {
                    caller.get();
                }
            } finally {
                callers.shutdownNow();
            }

            assertThat(gateway.refusals()).as("no call over the merchant's limits, counted by the gateway").isEmpty();
            assertThat(extraction.attempts() + reconciliation.attempts()).isEqualTo(CALLS / 2 * 2);
        }
    }

    private static QimenClient client(QimenGateway gateway) {
        return new QimenClient(new QimenCredentials(gateway.gatewayUrl(), gateway.appKey(), gateway.appSecret(),
                gateway.customerId()));
    }

    /** The earliest the n-th call can start: every limit lets {@code calls} through per {@code per}. */
    private static Duration shortestPossible(CallLimits limits, int n) {
        return limits.limits().stream()
                .map(l -> l.per().multipliedBy((n - 1) / l.calls()))
                .max(Duration::compareTo).orElseThrow();
    }
}
