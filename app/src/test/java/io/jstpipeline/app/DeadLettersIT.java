package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.ops.DeadLetter;
import io.jstpipeline.ops.DeadLetters;
import io.jstpipeline.transformer.TransformerService;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row the database refuses (an amount wider than its column: the mapping was widened for the transformer, the
 * table was not) goes to the sink's dead-letter topic; {@code dlq list} and {@code dlq show} say so and why; once
 * {@code connectors apply} has widened the column, {@code dlq replay} puts the row in the table, and a second replay
 * is refused and writes nothing. A dead letter whose row has a newer record is never replayed.
 */
class DeadLettersIT {

    private static final String FLOW = "dlq_note";
    private static final String TABLE = "dlq_note_list";
    private static final String DLQ = Topics.sinkDlq(TABLE);
    @TempDir
    Path temp;

    @Test
    void aRowTheDatabaseRefusedIsReplayedOnceTheMappingIsFixedAndOnlyOnce() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        Path narrow = Files.writeString(temp.resolve("narrow.yml"), AmountTable.mapping(TABLE, FLOW, 8));
        Path wide = Files.writeString(temp.resolve("mappings.yml"), AmountTable.mapping(TABLE, FLOW, 12));
        String kafka = pipeline.stack().bootstrapServers();
        assertOk(run("topics", "apply", "--mappings-file", narrow.toString(), "--bootstrap-servers", kafka));
        assertOk(connectorsApply(pipeline, narrow));

        // The transformer already runs the widened mapping; the table still has DECIMAL(8,2).
        try (TransformerService transformer = new TransformerService(Mappings.load(wide), TransformerService.config(
                pipeline.stack().kafka(), "jst-dead-letters-it", Files.createDirectory(temp.resolve("state"))));
             Producer<String, String> producer = pipeline.producer()) {
            transformer.start();
            send(producer, 8001, "1234567.80", "2026-12-01 10:00:00");
            send(producer, 8002, "10.00", "2026-12-01 10:00:00");
            // Refused too, but its next version is in the row topic after it: never to be replayed over it.
            send(producer, 8003, "7654321.00", "2026-12-01 10:00:00");
            await().atMost(Duration.ofSeconds(90)).until(() -> DeadLetters.read(pipeline.stack().kafka(), DLQ).size() == 2
                    && amounts(pipeline).containsKey(8002L));
            send(producer, 8003, "76.00", "2026-12-01 11:00:00");
            await().atMost(Duration.ofSeconds(60)).until(() -> amounts(pipeline).containsKey(8003L));
            List<DeadLetter> letters = DeadLetters.read(pipeline.stack().kafka(), DLQ);
            DeadLetter refused = letters.stream().filter(l -> "8001".equals(l.key())).findFirst().orElseThrow();

            CommandRun list = run("dlq", "list", "--bootstrap-servers", kafka);
            assertOk(list);
            assertThat(list.out()).containsPattern(DLQ + " +2 record\\(s\\), 0 replayed")
                    .containsPattern(" +2  Out of range value for column 'amount' at row 1");

            CommandRun show = run("dlq", "show", DLQ, "--bootstrap-servers", kafka);
            assertOk(show);
            assertThat(show.out()).contains(refused.place() + "  ", "  key 8001",
                    "  from   " + Topics.rows(TABLE) + "/", "(connector jst-sink-" + TABLE + ", task 0",
                    "  why    ", "Out of range value for column 'amount'", "\"amount\":1234567.80",
                    "2 of 2 record(s) shown");
            JsonNode shown = Json.MAPPER.readTree(run("dlq", "show", DLQ, "--limit", "1", "--json",
                    "--bootstrap-servers", kafka).out());
            assertThat(shown).hasSize(1);
            assertThat(shown.get(0).path("key").asText()).isEqualTo("8001");
            assertThat(shown.get(0).path("stage").asText()).isEqualTo("sink");
            assertThat(shown.get(0).path("table").asText()).isEqualTo(TABLE);
            assertThat(shown.get(0).path("headers").path("__connect.errors.topic").asText()).isEqualTo(Topics.rows(TABLE));

            // The fix: the table takes the mapping's wider amount.
            CommandRun widened = connectorsApply(pipeline, wide);
            assertOk(widened);
            assertThat(widened.out()).contains("table " + TABLE + ": widened column amount from decimal(8,2) to "
                    + "DECIMAL(12,2)");

            String[] replayRange = {"dlq", "replay", DLQ, "--from-offset", Long.toString(refused.offset()),
                    "--to-offset", Long.toString(refused.offset()), "--bootstrap-servers", kafka};
            CommandRun replay = run(replayRange);
            assertOk(replay);
            assertThat(replay.out()).containsPattern("replayed " + refused.place() + " \\(key 8001\\) to "
                    + Topics.rows(TABLE) + "/\\d+/\\d+").contains("1 replayed, 0 skipped of 1 dead letter(s) chosen in "
                    + DLQ);
            await().atMost(Duration.ofSeconds(60)).until(() -> amounts(pipeline).containsKey(8001L));
            assertThat(amounts(pipeline)).containsEntry(8001L, new BigDecimal("1234567.80"));

            CommandRun again = run(replayRange);
            assertThat(again.exit()).as(again.both()).isEqualTo(1);
            assertThat(again.out()).contains("skipped  " + refused.place() + " (key 8001): already replayed at ")
                    .contains("(--force replays it again)", "0 replayed, 1 skipped of 1 dead letter(s) chosen");

            CommandRun byReason = run("dlq", "replay", DLQ, "--reason-contains", "Out of range",
                    "--bootstrap-servers", kafka);
            assertThat(byReason.exit()).as(byReason.both()).isEqualTo(1);
            assertThat(byReason.out()).contains("(key 8003): the row topic has a newer record of key 8003 at ",
                    "0 replayed, 2 skipped of 2 dead letter(s) chosen");

            assertThat(replayedRecords(pipeline)).as("the row topic got one replayed record").isEqualTo(1);
            assertThat(amounts(pipeline)).containsEntry(8001L, new BigDecimal("1234567.80"))
                    .containsEntry(8003L, new BigDecimal("76.00"));
            assertThat(run("dlq", "list", "--bootstrap-servers", kafka).out())
                    .containsPattern(DLQ + " +2 record\\(s\\), 1 replayed");
        }
    }

    private static void send(Producer<String, String> producer, long oId, String amount, String modified)
            throws Exception {
        producer.send(new ProducerRecord<>(Topics.raw(FLOW), Long.toString(oId), Json.MAPPER.createObjectNode()
                .put("o_id", oId).put("amount", amount).put("modified", modified).put("ts", 1).toString())).get();
    }

    private static CommandRun connectorsApply(DemoPipeline pipeline, Path mappings) {
        DatabaseTarget database = pipeline.stack().database();
        return run("connectors", "apply", "--mappings-file", mappings.toString(),
                "--bootstrap-servers", pipeline.stack().bootstrapServers(),
                "--connect-url", pipeline.stack().connectRest().baseUrl(),
                "--mysql-url", database.jdbcUrl(), "--mysql-user", database.user(), "--timeout", "PT60S");
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(Map.of(), args);
    }

    private static void assertOk(CommandRun run) {
        assertThat(run.exit()).as(run.both()).isZero();
    }

    private static Map<Long, BigDecimal> amounts(DemoPipeline pipeline) throws Exception {
        return AmountTable.amounts(pipeline.stack().database(), TABLE);
    }

    /** The row topic's records that replay a dead letter. */
    private static long replayedRecords(DemoPipeline pipeline) {
        return DeadLetters.read(pipeline.stack().kafka(), Topics.rows(TABLE)).stream().filter(row -> row.headers().containsKey(Topics.REPLAY_OF)).count();
    }
}
