package io.jstpipeline.extractor.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.Json;
import io.jstpipeline.extractor.window.TimeWindow;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorTest {

    private static final LocalDateTime DAY = LocalDateTime.of(2026, 12, 1, 0, 0);

    @Test
    void aResetKeepsTheUnsettledWindowsBeforeItsTimeAndIsCarriedAsTheCursorMovesOn() {
        TimeWindow early = new TimeWindow(DAY.minusDays(3), DAY.minusDays(2));
        TimeWindow late = new TimeWindow(DAY.plusDays(1), DAY.plusDays(2));
        Cursor cursor = Cursor.windowsUntil(DAY.plusDays(4), List.of(early, late));
        CursorReset reset = new CursorReset("ops@host", DAY.plusDays(4).plusHours(1), DAY.plusDays(4), DAY);

        Cursor moved = cursor.resetTo(DAY, reset);

        assertThat(moved.completedUntil()).isEqualTo(DAY);
        assertThat(moved.unsettled()).as("a run reads on from DAY: only the window before it needs reading again")
                .containsExactly(early);
        assertThat(moved.movedTo(DAY.plusDays(1), List.of()).reset()).isEqualTo(reset);
    }

    @Test
    void theResetIsKeptInTheStateTopicsJson() throws Exception {
        CursorReset reset = new CursorReset("ops@host", DAY.plusHours(5), null, DAY);
        Cursor cursor = Cursor.windowsUntil(null).resetTo(DAY, reset);

        String json = CursorStore.serialize(cursor);

        assertThat(json).contains("\"by\":\"ops@host\"").contains("\"at\":\"2026-12-01 05:00:00\"");
        assertThat(Json.MAPPER.readValue(json, Cursor.class)).isEqualTo(cursor);
    }
}
