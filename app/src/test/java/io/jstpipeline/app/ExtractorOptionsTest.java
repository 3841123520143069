package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.app.config.PipelineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtractorOptionsTest {

    @Test
    void theExtractorsAndTheScheduledReconciliationsPoliciesWaitForTheOneLimiterOfTheirAppKey() {
        PipelineConfig config = PipelineConfig.load(Path.of("../config/pipeline.example.yml"),
                Map.of("JST_QIMEN_APP_SECRET", "secret"), List.of());

        // extract --reconcile-every makes one for the extractor and one for the reconciliation.
        assertThat(ExtractorOptions.callPolicy(config).limiter()).isSameAs(ExtractorOptions.callPolicy(config).limiter());
    }
}
