package io.jstpipeline.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

    @Test
    void aNestedScopeRestoresTheOuterValueAndTheOuterOneClearsIt() {
        try (LogContext run = LogContext.with(LogContext.WINDOW, "[00:00, 01:00)")) {
            try (LogContext half = LogContext.with(LogContext.WINDOW, "[00:00, 00:30)")) {
                assertThat(MDC.get(LogContext.WINDOW)).isEqualTo("[00:00, 00:30)");
            }
            assertThat(MDC.get(LogContext.WINDOW)).isEqualTo("[00:00, 01:00)");
        }
        assertThat(MDC.get(LogContext.WINDOW)).isNull();
    }

    @Test
    void aCarriedTaskLogsWithTheContextOfTheThreadThatHandedItOverAndLeavesTheOtherThreadsOwn() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(() -> MDC.put(LogContext.DOCUMENT, "10000001")).get();
            try (LogContext flow = LogContext.with(LogContext.FLOW, "saleout")) {
                String seen = other.submit(LogContext.carriedInto(
                        () -> MDC.get(LogContext.FLOW) + " " + MDC.get(LogContext.DOCUMENT))).get();

                assertThat(seen).isEqualTo("saleout null");
            }
            assertThat(other.submit(() -> MDC.get(LogContext.FLOW) + " " + MDC.get(LogContext.DOCUMENT)).get())
                    .isEqualTo("null 10000001");
        } finally {
            other.shutdownNow();
            other.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
