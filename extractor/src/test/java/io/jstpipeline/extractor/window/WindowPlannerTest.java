package io.jstpipeline.extractor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowPlannerTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 1, 1, 8, 30, 15);
    private static final LocalDateTime NOW = LocalDateTime.of(2024, 3, 5, 12, 0, 0);

    private final WindowPlanner planner = new WindowPlanner();

    @Test
    void cutsThirtyDaysIntoFourWeeksAndTwoDaysWithoutGapOrOverlap() {
        LocalDateTime to = FROM.plusDays(30);

        List<TimeWindow> windows = planner.plan(FROM, to);

        assertThat(windows).extracting(TimeWindow::duration)
                .containsExactly(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(7),
                        Duration.ofDays(2));
        assertThat(windows.get(0).start()).isEqualTo(FROM);
        assertThat(windows.get(windows.size() - 1).end()).isEqualTo(to);
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i).start()).isEqualTo(windows.get(i - 1).end());
        }
    }

    @Test
    void aRangeOfWholeWindowsHasNoStub() {
        assertThat(planner.plan(FROM, FROM.plusDays(14)))
                .containsExactly(new TimeWindow(FROM, FROM.plusDays(7)), new TimeWindow(FROM.plusDays(7), FROM.plusDays(14)));
    }

    @Test
    void honoursASmallerMaximum() {
        WindowPlanner tenHours = new WindowPlanner(Duration.ofHours(10), Duration.ZERO, Duration.ZERO);

        assertThat(tenHours.plan(FROM, FROM.plusDays(1))).extracting(TimeWindow::duration)
                .containsExactly(Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(4));
    }

    @Test
    void anEmptyRangeHasNoWindows() {
        assertThat(planner.plan(FROM, FROM)).isEmpty();
    }

    @Test
    void aReversedRangeIsRefused() {
        assertThatThrownBy(() -> planner.plan(FROM, FROM.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsStopTheSafetyLagShortOfNow() {
        assertThat(planner.upperBound(NOW)).isEqualTo(NOW.minusMinutes(1));
        assertThat(new WindowPlanner(WindowPlanner.MAX_API_WINDOW, Duration.ofMinutes(5), Duration.ZERO)
                .upperBound(NOW)).isEqualTo(NOW.minusMinutes(5));
    }

    @Test
    void anIncrementalRangeStartsTheLookbackBeforeTheCompletedPointAndEndsTheLagBeforeNow() {
        LocalDateTime completedUntil = NOW.minusHours(1);

        assertThat(planner.incrementalRange(completedUntil, NOW))
                .isEqualTo(new TimeWindow(completedUntil.minusMinutes(10), NOW.minusMinutes(1)));
    }

    @Test
    void anIncrementalRangeReadsTheLookbackAgainEvenRightAfterTheLastRun() {
        LocalDateTime completedUntil = planner.upperBound(NOW);

        assertThat(planner.incrementalRange(completedUntil, NOW))
                .isEqualTo(new TimeWindow(completedUntil.minusMinutes(10), completedUntil));
    }

    @Test
    void thereIsNoIncrementalRangeWhenItsEndIsNotAfterItsStart() {
        WindowPlanner noLookback = new WindowPlanner(WindowPlanner.MAX_API_WINDOW, Duration.ofMinutes(1), Duration.ZERO);

        assertThat(noLookback.incrementalRange(NOW.minusMinutes(1), NOW)).isNull();
        assertThat(noLookback.incrementalRange(NOW, NOW)).isNull();
    }

    @Test
    void anIncrementalRangeNeedsTheCompletedPoint() {
        assertThatThrownBy(() -> planner.incrementalRange(null, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caller");
    }

    @Test
    void halvingCutsAWindowIntoTwoEqualHalves() {
        TimeWindow week = new TimeWindow(FROM, FROM.plusDays(7));

        assertThat(planner.halve(week)).containsExactly(
                new TimeWindow(FROM, FROM.plusDays(3).plusHours(12)), new TimeWindow(FROM.plusDays(3).plusHours(12), FROM.plusDays(7)));
    }

    @Test
    void halvingAnOddNumberOfSecondsCutsAtAWholeSecond() {
        assertThat(planner.halve(new TimeWindow(FROM, FROM.plusSeconds(3)))).containsExactly(
                new TimeWindow(FROM, FROM.plusSeconds(1)), new TimeWindow(FROM.plusSeconds(1), FROM.plusSeconds(3)));
        assertThat(planner.halve(new TimeWindow(FROM, FROM.plusSeconds(2)))).containsExactly(
                new TimeWindow(FROM, FROM.plusSeconds(1)), new TimeWindow(FROM.plusSeconds(1), FROM.plusSeconds(2)));
    }

    @Test
    void aWindowShorterThanTwoSecondsIsNotHalved() {
        TimeWindow second = new TimeWindow(FROM, FROM.plusSeconds(1));

        assertThatThrownBy(() -> planner.halve(second))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(second.toString());
        assertThatThrownBy(() -> planner.halve(new TimeWindow(FROM, FROM.plusNanos(1_999_000_000))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void durationsAreValidated() {
        assertThatThrownBy(() -> new WindowPlanner(Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWindow");
        assertThatThrownBy(() -> new WindowPlanner(WindowPlanner.MAX_API_WINDOW, Duration.ofSeconds(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("safetyLag");
        assertThatThrownBy(() -> new WindowPlanner(WindowPlanner.MAX_API_WINDOW, Duration.ZERO, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lookback");
    }
}
