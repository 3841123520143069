package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.app.RawTopic;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.publish.CursorStore;
import io.jstpipeline.extractor.window.WindowPlanner;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;

/**
 * {@code extract --reset-cursor} against the deployed layout, as an operator re-reads a range on purpose while the
 * extractor runs in its own process: the move is refused without {@code --yes}, recorded in the state topic and
 * shown by {@code status}, and the running extractor reads the range again and goes on.
 */
class OperatorCursorResetIT {

    private static final String CURSOR = "compose/saleout";

    @Test
    void aResetCursorIsConfirmedRecordedShownAndTheRunningExtractorReadsTheRangeAgain() throws Exception {
        DeployedLayout layout = DeployedLayout.shared();
        KafkaConnection kafka = KafkaConnection.plaintext(layout.bootstrap());
        CursorStore cursors = new CursorStore(kafka);
        LocalDateTime to = QimenTime.now().minusDays(5).truncatedTo(ChronoUnit.SECONDS);
        await(layout, "the extractor's first run", () -> cursors.load(CURSOR).map(Cursor::completedUntil)
                .filter(until -> until.isAfter(to)).isPresent());
        long before = rawRecords(layout);
        long modifiedSince = StreamSupport.stream(layout.truth().path("saleout").spliterator(), false)
                .filter(note -> !QimenTime.parse(note.path("modified").asText())
                        .isBefore(to.minus(WindowPlanner.DEFAULT_LOOKBACK))).count();

        DeployedLayout.Finished unconfirmed = layout.run("reset-cursor", "extract", "--reset-cursor", "saleout",
                "--to", QimenTime.format(to));
        assertThat(unconfirmed.exit()).as(unconfirmed.output()).isEqualTo(2);
        assertThat(unconfirmed.output()).contains("would move cursor " + CURSOR + " from ").contains("add --yes");
        assertThat(cursors.load(CURSOR).orElseThrow().reset()).as("nothing moved without --yes").isNull();

        DeployedLayout.Finished moved = layout.run("reset-cursor", "extract", "--reset-cursor", "saleout",
                "--to", QimenTime.format(to), "--yes");
        System.out.println(moved.output());
        assertThat(moved.exit()).as(moved.output()).isZero();
        assertThat(moved.output()).contains("cursor " + CURSOR + " moved from ")
                .contains(" to " + QimenTime.format(to) + " by " + System.getProperty("user.name") + "@");

        DeployedLayout.Finished status = layout.run("status", "status");
        System.out.println(status.output());
        assertThat(status.output()).containsPattern(CURSOR + " +moved by " + System.getProperty("user.name")
                + "@\\S+ at [-0-9: ]+, from [-0-9: ]+ to " + QimenTime.format(to));
        JsonNode json = layout.run("status", "status", "--json").json();
        JsonNode cursor = StreamSupport.stream(json.path("cursors").spliterator(), false)
                .filter(c -> c.path("key").asText().equals(CURSOR)).findFirst().orElseThrow();
        assertThat(cursor.path("reset").path("to").asText()).isEqualTo(QimenTime.format(to));

        // The extractor, fenced by the move, reads on from the moved cursor at its next run or the one after.
        await(layout, "the range read again", () -> rawRecords(layout) >= before + modifiedSince);
        await(layout, "the cursor back at now", () -> cursors.load(CURSOR).orElseThrow().completedUntil()
                .isAfter(QimenTime.now().minusMinutes(15)));
        assertThat(cursors.load(CURSOR).orElseThrow().reset().to()).as("the move stays recorded").isEqualTo(to);
        assertThat(layout.extractor().alive()).as("the extractor still runs:\n" + layout.extractor().tail()).isTrue();
        assertThat(layout.extractor().output()).contains("another writer took over cursor " + CURSOR);
    }

    private static long rawRecords(DeployedLayout layout) {
        return RawTopic.read(layout.bootstrap(), Topics.raw("saleout"), IsolationLevel.READ_COMMITTED).size();
    }


    private static void await(DeployedLayout layout, String what, java.util.concurrent.Callable<Boolean> done)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!done.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within 3 minutes:\n" + layout.logs());
            }
            Thread.sleep(1_000);
        }
    }
}
