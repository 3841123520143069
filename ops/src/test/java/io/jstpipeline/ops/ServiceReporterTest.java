package io.jstpipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.KafkaConnection;
import io.micrometer.core.instrument.Metrics;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A service's report of itself: its counters summed over their tags, each with its growth a minute. */
class ServiceReporterTest {

    private static final Instant START = Instant.parse("2026-12-05T11:00:00Z");

    @Test
    void theGatewaysFiguresAreTheCallCountersWithTheirGrowthOverAboutTheLastMinute() {
        ServiceReporter.About about = new ServiceReporter.About("extract", () -> Optional.of("starting"), 100,
                List::of, () -> null);
        // Nothing listens there: the report is made without Kafka, only its sending would need it.
        try (ServiceReporter reporter = new ServiceReporter(KafkaConnection.plaintext("127.0.0.1:9"), about)) {
            Metrics.counter("jst.api.calls", "method", "jushuitan.saleout.list.query", "outcome", "ok").increment(10);
            Metrics.counter("jst.api.calls", "method", "jushuitan.order.list.query", "outcome", "ok").increment(5);
            Metrics.counter("jst.api.calls", "method", "jushuitan.saleout.list.query", "outcome", "io_error")
                    .increment(2);
            Metrics.counter("jst.api.call.limit.refusals", "method", "jushuitan.saleout.list.query").increment();

            ServiceReport first = reporter.report(START);
            assertThat(first.role()).isEqualTo("extract");
            assertThat(first.problem()).isEqualTo("starting");
            assertThat(first.callBudgetPerMinute()).isEqualTo(100);
            assertThat(first.figures()).containsEntry("api.calls", new ServiceReport.Figure(17, 0))
                    .containsEntry("api.faults", new ServiceReport.Figure(2, 0))
                    .containsEntry("api.refusals", new ServiceReport.Figure(1, 0))
                    .doesNotContainKey("rows");

            Metrics.counter("jst.api.calls", "method", "jushuitan.saleout.list.query", "outcome", "ok").increment(30);
            assertThat(reporter.report(START.plusSeconds(30)).figures().get("api.calls"))
                    .as("30 calls in half a minute").isEqualTo(new ServiceReport.Figure(47, 60));
            // The sample of a minute ago is the base now: the calls since then, none.
            assertThat(reporter.report(START.plusSeconds(90)).figures().get("api.calls"))
                    .isEqualTo(new ServiceReport.Figure(47, 0));
        }
    }

    @Test
    void aReportReadsBackAsItWasWritten() {
        ServiceReport report = new ServiceReport("transform", "host-a", 42, START, START.plusSeconds(10), null, null,
                java.util.Map.of("rows", new ServiceReport.Figure(1234, 600)), List.of(), "jst-transformer-1a2b");
        assertThat(ServiceReport.parse(report.json())).isEqualTo(report);
    }
}
