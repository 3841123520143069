package io.jstpipeline.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.qimen.QimenSigner;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.flow.FlowRunner;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClientOptions;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.window.PagePool;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractorSettingsTest {

    private static final QimenCredentials CREDENTIALS = new QimenCredentials("http://127.0.0.1:1/router/qm", "app",
            "secret", "customer");
    private static final List<FlowDefinition> FLOWS = FlowCatalog.builtIn().flows();
    private static final KafkaConnection KAFKA = KafkaConnection.plaintext("localhost:9092");
    private static final LocalDateTime FIRST_START = LocalDateTime.of(2024, 1, 1, 0, 0);

    private final ExtractorSettings defaults = ExtractorSettings.of(CREDENTIALS, KAFKA, FLOWS, FIRST_START);

    @Test
    void theFactoryFillsInTheDefaults() {
        assertThat(defaults.clientOptions()).isEqualTo(QimenClientOptions.defaults());
        assertThat(defaults.callPolicy().settings()).isEqualTo(QimenCallPolicy.Settings.defaults());
        assertThat(defaults.instance()).isEqualTo(FlowRunner.DEFAULT_INSTANCE);
        assertThat(defaults.planner()).isNotNull();
        assertThat(defaults.pageConcurrency()).isEqualTo(PagePool.DEFAULT_CONCURRENCY);
        assertThat(defaults.flows()).isEqualTo(FLOWS);
    }

    @Test
    void eachWithChangesItsFieldAlone() {
        QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(CallLimits.none()));
        QimenClientOptions hmac = QimenClientOptions.defaults().withSignMethod(QimenSigner.Method.HMAC);

        ExtractorSettings changed = defaults.withCallPolicy(policy).withClientOptions(hmac).withInstance("shop-2")
                .withPageConcurrency(1).withRole(ExtractorSettings.Role.BACKFILL);

        assertThat(changed).isEqualTo(new ExtractorSettings(CREDENTIALS, hmac, policy, KAFKA, "shop-2",
                FLOWS, defaults.planner(), FIRST_START, 1, ExtractorSettings.Role.BACKFILL));
    }

    @Test
    void aBackfillsTransactionsAreItsOwnSoThatItFencesNotTheScheduledExtractorOfItsFlow() {
        assertThat(ExtractorSettings.Role.SCHEDULE.transactionalId("shop-2", "saleout"))
                .isEqualTo("jst-extractor-shop-2-saleout");
        assertThat(ExtractorSettings.Role.BACKFILL.transactionalId("shop-2", "saleout"))
                .isEqualTo("jst-extractor-shop-2-saleout-backfill");
    }

    @Test
    void theFlowsAreCopied() {
        List<FlowDefinition> flows = new ArrayList<>(FLOWS);
        ExtractorSettings settings = ExtractorSettings.of(CREDENTIALS, KAFKA, flows, FIRST_START);

        flows.clear();

        assertThat(settings.flows()).hasSize(FLOWS.size());
    }

    @Test
    void invalidSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> defaults.withPageConcurrency(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pageConcurrency must be 1 to 16, got 0");
        assertThatThrownBy(() -> defaults.withPageConcurrency(17)).hasMessage("pageConcurrency must be 1 to 16, got 17");
        assertThatThrownBy(() -> defaults.withInstance(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instance must not be blank");
        assertThatThrownBy(() -> ExtractorSettings.of(CREDENTIALS, null, FLOWS, FIRST_START))
                .isInstanceOf(NullPointerException.class).hasMessage("kafka");
        assertThatThrownBy(() -> ExtractorSettings.of(null, KAFKA, FLOWS, FIRST_START))
                .isInstanceOf(NullPointerException.class).hasMessage("credentials");
        assertThatThrownBy(() -> ExtractorSettings.of(CREDENTIALS, KAFKA, null, FIRST_START))
                .hasMessage("flows");
        assertThatThrownBy(() -> ExtractorSettings.of(CREDENTIALS, KAFKA, FLOWS, null))
                .hasMessage("firstStart");
        assertThatThrownBy(() -> defaults.withCallPolicy(null)).hasMessage("callPolicy");
        assertThatThrownBy(() -> defaults.withPlanner(null)).hasMessage("planner");
    }
}
