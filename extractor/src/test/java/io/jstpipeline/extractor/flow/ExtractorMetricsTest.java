package io.jstpipeline.extractor.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExtractorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void record() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void stopRecording() {
        Metrics.removeRegistry(registry);
        registry.close();
    }

    @Test
    void theCursorLagIsChinaTimeNowMinusTheCommittedCursor() {
        ExtractorMetrics.cursorCommitted("lag-test", io.jstpipeline.common.qimen.QimenTime.now().minusMinutes(30));

        double lag = registry.get("jst.extractor.cursor.lag").tag("flow", "lag-test").gauge().value();

        assertThat(lag).isBetween(1795.0, 1810.0);
    }
}
