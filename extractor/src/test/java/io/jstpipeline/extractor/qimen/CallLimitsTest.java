package io.jstpipeline.extractor.qimen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.extractor.qimen.CallLimits.CallLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallLimitsTest {

    @Test
    void jushuitanAllowsFivePerSecondAndAHundredPerMinute() {
        assertThat(CallLimits.jushuitan().limits()).containsExactly(
                new CallLimit(5, Duration.ofSeconds(1)), new CallLimit(100, Duration.ofMinutes(1)));
    }

    @Test
    void noneHasNoLimit() {
        assertThat(CallLimits.none().limits()).isEmpty();
    }

    @Test
    void scalingMultipliesEveryPeriodAndKeepsTheCalls() {
        assertThat(CallLimits.jushuitan().scaled(0.1).limits()).containsExactly(
                new CallLimit(5, Duration.ofMillis(100)), new CallLimit(100, Duration.ofSeconds(6)));
    }

    @Test
    void aScaleFactorMustBePositiveAndFinite() {
        for (double factor : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> CallLimits.jushuitan().scaled(factor))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale factor");
        }
    }

    @Test
    void scalingThatLeavesNoPeriodIsRefused() {
        assertThatThrownBy(() -> new CallLimits(List.of(new CallLimit(1, Duration.ofNanos(1)))).scaled(0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaves no period");
    }

    @Test
    void aLimitNeedsACallAndAPositivePeriod() {
        assertThatThrownBy(() -> new CallLimit(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 call, got 0");
        assertThatThrownBy(() -> new CallLimit(5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
        assertThatThrownBy(() -> new CallLimit(5, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
        assertThatThrownBy(() -> new CallLimit(5, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theListIsCopied() {
        List<CallLimit> limits = new ArrayList<>(List.of(new CallLimit(1, Duration.ofSeconds(1))));
        CallLimits callLimits = new CallLimits(limits);
        limits.clear();

        assertThat(callLimits.limits()).hasSize(1);
    }
}
