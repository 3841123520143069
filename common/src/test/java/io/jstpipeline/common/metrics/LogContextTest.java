package io.jstpipeline.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

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
}
