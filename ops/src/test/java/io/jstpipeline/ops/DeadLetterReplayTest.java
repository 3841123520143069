package io.jstpipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.common.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Reading each stage's dead letters, choosing them, and what a replay sends where or skips. */
class DeadLetterReplayTest {

    private static final String SINK_DLQ = Topics.sinkDlq("order_list_query");
    private static final String ROW = "{\"id\":\"7001-none\",\"o_id\":7001,\"pay_amount\":123456789.00}";
    private static final String DOCUMENT = "{\"o_id\":7001,\"modified\":\"2026-12-01 10:00:00\"}";

    @Test
    void aSinkDeadLetterNamesItsRowRecordConnectorAndTheDatabasesReason() {
        DeadLetter letter = sinkLetter(3, "7001-none", 17);

        assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.SINK);
        assertThat(letter.place()).hasToString(SINK_DLQ + "/0/3");
        assertThat(letter.source()).contains(new DeadLetter.Place("jst.rows.order_list_query", 1, 17));
        assertThat(letter.from()).isEqualTo("jst.rows.order_list_query/1/17 (connector jst-sink-order_list_query, "
                + "task 0, TASK_PUT)");
        assertThat(letter.reason()).isEqualTo("Out of range value for column 'pay_amount' at row 1");
        assertThat(letter.table()).isEqualTo("order_list_query");
    }

    @Test
    void theTransformersAndTheExtractorsDeadLettersNameTheirSourceAndReason() {
        DeadLetter transform = letter(Topics.TRANSFORM_DLQ, 0, "7001-1", DOCUMENT, Map.of("jst.error.table",
                "order_list_query", "jst.error.column", "pay_amount", "jst.error.reason", "1e20 exceeds DECIMAL(14,2)",
                "jst.source.topic", "jst.raw.order", "jst.source.partition", "2", "jst.source.offset", "40"));
        assertThat(transform.from()).isEqualTo("jst.raw.order/2/40");
        assertThat(transform.table()).isEqualTo("order_list_query");
        assertThat(transform.column()).isEqualTo("pay_amount");
        assertThat(transform.reason()).isEqualTo("1e20 exceeds DECIMAL(14,2)");

        DeadLetter extract = extractLetter("{\"so_id\":\"A1\"}", 14);
        assertThat(extract.from()).isEqualTo("flow order, window 2026-12-01 10:00:00..2026-12-01 11:00:00, page 3");
        assertThat(extract.source()).isEmpty();
        assertThat(extract.reason()).isEqualTo("the document has no o_id to key its record");
    }

    @Test
    void deadLettersAreChosenOneWayOnly() {
        assertThatThrownBy(() -> new DeadLetterReplay.Selection(null, 0L, 3L, "k", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one way");
        assertThatThrownBy(() -> new DeadLetterReplay.Selection(null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one way");
        assertThatThrownBy(() -> new DeadLetterReplay.Selection(null, 4L, null, null, null))
                .hasMessage("--from-offset and --to-offset go together");
        assertThatThrownBy(() -> new DeadLetterReplay.Selection(null, 4L, 3L, null, null))
                .hasMessageContaining("--to-offset (3) must be at or after --from-offset (4)");
        assertThatThrownBy(() -> new DeadLetterReplay.Selection(0, null, null, "k", null))
                .hasMessage("--partition goes with --from-offset and --to-offset");

        DeadLetter letter = sinkLetter(3, "7001-none", 17);
        assertThat(new DeadLetterReplay.Selection(null, null, null, "7001-none", null).matches(letter)).isTrue();
        assertThat(new DeadLetterReplay.Selection(null, null, null, "7002-none", null).matches(letter)).isFalse();
        assertThat(new DeadLetterReplay.Selection(null, null, null, null, "Out of range").matches(letter)).isTrue();
        assertThat(new DeadLetterReplay.Selection(null, null, null, null, "too long").matches(letter)).isFalse();
        assertThat(new DeadLetterReplay.Selection(0, 3L, 3L, null, null).range())
                .isEqualTo(new DeadLetters.Range(0, 3, 3));
    }

    @Test
    void eachStageGoesBackWhereItWasRefusedAndWhatCannotIsSkippedWithTheReason() {
        DeadLetter sink = sinkLetter(3, "7001-none", 17);
        DeadLetter noContext = letter(SINK_DLQ, 4, "7002-none", ROW, Map.of());
        DeadLetter transform = letter(Topics.TRANSFORM_DLQ, 0, "7001-1", DOCUMENT, Map.of("jst.source.topic",
                "jst.raw.order", "jst.source.partition", "2", "jst.source.offset", "40"));
        DeadLetter keyless = extractLetter("{\"so_id\":\"A1\"}", 14);
        DeadLetter head = extractLetter("{\"o_id\":7003,\"items\":[", 900_000);
        DeadLetter whole = extractLetter(DOCUMENT, DOCUMENT.length());

        List<DeadLetterReplay.Planned> plan = DeadLetterReplay.plan(
                List.of(sink, noContext, transform, keyless, head, whole), Map.of(), false);

        assertThat(plan.get(0).record().topic()).isEqualTo("jst.rows.order_list_query");
        assertThat(plan.get(0).record().partition()).isEqualTo(1);
        assertThat(new String(plan.get(0).record().key(), StandardCharsets.UTF_8)).isEqualTo("7001-none");
        assertThat(new String(plan.get(0).record().value(), StandardCharsets.UTF_8)).isEqualTo(ROW);
        assertThat(plan.get(1).skipped()).contains("errors.deadletterqueue.context.headers.enable is off");
        assertThat(plan.get(2).record().topic()).isEqualTo("jst.raw.order");
        assertThat(plan.get(2).record().partition()).isEqualTo(2);
        assertThat(new String(plan.get(2).record().key(), StandardCharsets.UTF_8)).as("keyed as the extractor keys it")
                .isEqualTo("7001");
        assertThat(plan.get(3).skipped()).isEqualTo("the document still has no o_id to key its record");
        assertThat(plan.get(4).skipped()).startsWith("only the first 22 of its 900000 bytes were kept; extract its "
                + "window again (flow order, window");
        assertThat(plan.get(5).record().topic()).isEqualTo("jst.raw.order");
        assertThat(plan.get(5).record().partition()).as("the partitioner's, by o_id").isNull();
    }

    @Test
    void aDeadLetterTheLedgerListsIsSkippedUnlessForced() {
        DeadLetter sink = sinkLetter(3, "7001-none", 17);
        ReplayLedger.Replay earlier = new ReplayLedger.Replay(sink.place(), Instant.parse("2026-12-05T10:00:00Z"),
                "ops", new DeadLetter.Place("jst.rows.order_list_query", 1, 30));
        Map<DeadLetter.Place, ReplayLedger.Replay> ledger = Map.of(sink.place(), earlier);

        assertThat(DeadLetterReplay.plan(List.of(sink), ledger, false).get(0).skipped()).isEqualTo("already replayed "
                + "at 2026-12-05T10:00:00Z by ops to jst.rows.order_list_query/1/30 (--force replays it again)");
        assertThat(DeadLetterReplay.plan(List.of(sink), ledger, true).get(0).record()).isNotNull();
    }

    @Test
    void aSinkDeadLetterWhoseRowHasANewerRecordIsNotReplayedButItsOwnEarlierReplayIsNoNewerRow() {
        DeadLetter sink = sinkLetter(3, "7001-none", 17);
        DeadLetter.Place row = sink.source().orElseThrow();

        assertThat(DeadLetterReplay.newerRecord(sink, row, List.of(rowRecord(18, "7002-none", null)))).isNull();
        assertThat(DeadLetterReplay.newerRecord(sink, row, List.of(rowRecord(19, "7001-none", sink.place().toString()))))
                .as("its own replay, forced again").isNull();
        assertThat(DeadLetterReplay.newerRecord(sink, row, List.of(rowRecord(20, "7001-none", null))))
                .isEqualTo("the row topic has a newer record of key 7001-none at jst.rows.order_list_query/1/20 than "
                        + "the refused one at jst.rows.order_list_query/1/17: replayed, the older row would be the last "
                        + "of its key");
    }

    @Test
    void theLedgerKeepsWhenByWhomAndWhereTo() {
        ReplayLedger.Replay replay = new ReplayLedger.Replay(new DeadLetter.Place(SINK_DLQ, 0, 3),
                Instant.parse("2026-12-05T10:00:00Z"), "ops", new DeadLetter.Place("jst.rows.order_list_query", 1, 30));
        var record = ReplayLedger.record(replay);

        assertThat(record.topic()).isEqualTo(Topics.DLQ_REPLAYED);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(SINK_DLQ + "/0/3");
        assertThat(ReplayLedger.parse(new String(record.key(), StandardCharsets.UTF_8), record.value()))
                .isEqualTo(replay);
        assertThatThrownBy(() -> ReplayLedger.place("jst.rows.t")).isInstanceOf(IllegalArgumentException.class);
    }

    private static DeadLetter sinkLetter(long offset, String key, long rowOffset) {
        return letter(SINK_DLQ, offset, key, ROW, Map.of(
                "__connect.errors.topic", "jst.rows.order_list_query",
                "__connect.errors.partition", "1",
                "__connect.errors.offset", Long.toString(rowOffset),
                "__connect.errors.connector.name", "jst-sink-order_list_query",
                "__connect.errors.task.id", "0",
                "__connect.errors.stage", "TASK_PUT",
                "__connect.errors.exception.class.name", "org.apache.kafka.connect.errors.DataException",
                "__connect.errors.exception.message", "(conn=24) Out of range value for column 'pay_amount' at row 1"));
    }

    private static DeadLetter extractLetter(String document, int bytes) {
        return letter(Topics.EXTRACT_DLQ, 0, null, document, Map.of(
                "jst.error.reason", "the document has no o_id to key its record",
                "jst.source.flow", "order",
                "jst.source.window", "2026-12-01 10:00:00..2026-12-01 11:00:00",
                "jst.source.page", "3",
                "jst.document.bytes", Integer.toString(bytes)));
    }

    private static DeadLetter letter(String topic, long offset, String key, String value, Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((k, v) -> recordHeaders.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return DeadLetter.of(new ConsumerRecord<>(topic, 0, offset, 1_764_900_000_000L, TimestampType.CREATE_TIME,
                0, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                recordHeaders, Optional.empty()));
    }

    private static ConsumerRecord<byte[], byte[]> rowRecord(long offset, String key, String replayOf) {
        RecordHeaders headers = new RecordHeaders();
        if (replayOf != null) {
            headers.add(Topics.REPLAY_OF, replayOf.getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("jst.rows.order_list_query", 1, offset, 0L, TimestampType.CREATE_TIME, 0, 0,
                key.getBytes(StandardCharsets.UTF_8), ROW.getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
    }
}
