package io.jstpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineCostTest {

    @Test
    void thePipelineIsEveryStageButTheDatabaseAndTheSandbox() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("transformer", 7.0);
        seconds.put("sink", 5.0);
        seconds.put("sandbox", 2.0);
        seconds.put("gc", 2.0);
        seconds.put("database", 10.0);

        PipelineCost cost = PipelineCost.of(seconds, 200_000);

        assertThat(cost.pipelineSeconds()).isEqualTo(14.0);
        assertThat(cost.ratio()).isEqualTo(1.4);
        assertThat(cost.secondsPer100k()).containsEntry("transformer", 3.5).containsEntry("database", 5.0);
        assertThat(cost.describePer100k()).isEqualTo(" transformer 3.5, sink 2.5, sandbox 1.0, gc 1.0, database 5.0");
        assertThat(cost.describeRatio()).startsWith("pipeline CPU 1.40 x the database's (14.0 against 10.0");
    }

    @Test
    void anOutsideDatabaseGivesNoRatio() {
        PipelineCost cost = PipelineCost.of(Map.of("sink", 3.0), 100_000);

        assertThat(cost.ratio()).isNaN();
        assertThat(cost.describeRatio()).startsWith("pipeline CPU 3.0 s; the database's is not measured");
    }
}
