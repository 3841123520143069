package io.jstpipeline.extractor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowPlannerTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 1, 1, 8, 30, 15);

    private final WindowPlanner planner = new WindowPlanner();

    @Test
    void cutsThirtyDaysIntoFourWeeksAndTwoDaysWithoutGapOrOverlap() {
        LocalDateTime to = FROM.plusDays(30);

        List<TimeWindow> windows = planner.plan(FROM, to);

        assertThat(windows).extracting(w -> Duration.between(w.start(), w.end()))
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
        assertThat(new WindowPlanner(Duration.ofHours(10)).plan(FROM, FROM.plusDays(1)))
                .extracting(w -> Duration.between(w.start(), w.end()))
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
}
