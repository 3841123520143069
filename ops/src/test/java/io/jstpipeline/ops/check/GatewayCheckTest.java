package io.jstpipeline.ops.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenApiException;
import io.jstpipeline.extractor.qimen.QimenClientOptions;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.qimen.SlidingWindowLimiter;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;

/** The gateway's check against the sandbox: reached is reached, even when the gateway answers with a passing fault. */
class GatewayCheckTest {

    private static final SlidingWindowLimiter NO_LIMITS = new SlidingWindowLimiter(CallLimits.none());

    @Test
    void aGatewayAnsweringWithAFaultARetryMendsIsReachedWithItsCredentials() throws Exception {
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(5)
                .withFaults(0.5, 7))) {
            assertThat(DeploymentCheck.gateway(credentials(gateway, gateway.appSecret()), QimenClientOptions.defaults(),
                    NO_LIMITS, FlowCatalog.builtIn().flows())).endsWith("answered");
        }
    }

    @Test
    void aRefusedSignatureIsNoAnswer() {
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(5))) {
            assertThatThrownBy(() -> DeploymentCheck.gateway(credentials(gateway, "wrong-secret"),
                    QimenClientOptions.defaults(), NO_LIMITS, FlowCatalog.builtIn().flows()))
                    .isInstanceOfSatisfying(QimenApiException.class, e -> assertThat(e.retryable()).isFalse());
        }
    }

    private static QimenCredentials credentials(QimenGateway gateway, String secret) {
        return new QimenCredentials(gateway.gatewayUrl(), gateway.appKey(), secret, gateway.customerId());
    }
}
