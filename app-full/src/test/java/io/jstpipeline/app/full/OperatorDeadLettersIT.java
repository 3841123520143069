package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.app.AmountTable;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.ops.DeadLetter;
import io.jstpipeline.ops.DeadLetters;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter scenario as an operator runs it against the deployed layout, each command its own
 * {@code java -jar jst-pipeline.jar … --config config/pipeline.compose.yml}: a transformer already on a mapping
 * whose amount is wider than the table's, a row the database refuses, {@code dlq list} and {@code dlq show},
 * {@code connectors apply} widening the column, {@code dlq replay} putting the row in the table, and a second
 * replay refused.
 */
class OperatorDeadLettersIT {

    private static final String TABLE = "dlq_order_list";
    private static final String FLOW = "dlq_order";
    private static final String DLQ = Topics.sinkDlq(TABLE);
    @TempDir
    Path work;

    @Test
    void aRefusedRowIsListedShownAndReplayedOnceAfterTheTableIsWidened() throws Exception {
        DeployedLayout layout = DeployedLayout.shared();
        String narrow = Files.writeString(work.resolve("narrow.yml"), AmountTable.mapping(TABLE, FLOW, 10)).toString();
        String wide = Files.writeString(work.resolve("mappings.yml"), AmountTable.mapping(TABLE, FLOW, 14)).toString();
        ok(layout.run("topics", "topics", "apply", "--mappings-file", narrow));
        ok(layout.run("connectors", "connectors", "apply", "--mappings-file", narrow));
        int metrics = DeployedLayout.freePort();
        layout.service("transformer-dlq", layout.transforming("dlq"), metrics, "transform",
                "--mappings-file", wide, "--application-id", "jst-transformer-dlq");
        // Ready, it has laid out the raw topic it reads: the document must not make the broker create it.
        layout.awaitReady("transformer-dlq", () -> layout.answers("http://127.0.0.1:" + metrics + "/ready"));
        try (Producer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", layout.bootstrap()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.raw(FLOW), "9001", Json.MAPPER.createObjectNode()
                    .put("o_id", 9001).put("amount", "123456789.50").put("modified", "2026-12-01 10:00:00")
                    .put("ts", 1).toString())).get();
        }
        KafkaConnection kafka = KafkaConnection.plaintext(layout.bootstrap());
        layout.awaitReady("the refused row's dead letter", () -> DeadLetters.read(kafka, DLQ).size() == 1);
        DeadLetter refused = DeadLetters.read(kafka, DLQ).get(0);

        DeployedLayout.Finished list = ok(layout.run("dlq-list", "dlq", "list"));
        assertThat(list.output()).containsPattern(DLQ + " +1 record\\(s\\), 0 replayed")
                .contains("Out of range value for column 'amount'");
        DeployedLayout.Finished show = ok(layout.run("dlq-show", "dlq", "show", DLQ));
        assertThat(show.output()).contains(refused.place() + "  ", "key 9001", "from   " + Topics.rows(TABLE) + "/",
                "\"amount\":123456789.50");

        DeployedLayout.Finished widened = ok(layout.run("connectors", "connectors", "apply", "--mappings-file", wide));
        assertThat(widened.output()).contains("table " + TABLE + ": widened column amount from decimal(10,2) to "
                + "DECIMAL(14,2)");

        String[] replay = {"dlq", "replay", DLQ, "--from-offset", Long.toString(refused.offset()), "--to-offset",
                Long.toString(refused.offset())};
        DeployedLayout.Finished replayed = ok(layout.run("dlq-replay", replay));
        assertThat(replayed.output()).contains("replayed " + refused.place() + " (key 9001) to " + Topics.rows(TABLE),
                "1 replayed, 0 skipped");
        layout.awaitReady("the replayed row in the table", () -> amounts(layout).containsKey(9001L));
        assertThat(amounts(layout)).containsExactly(Map.entry(9001L, new BigDecimal("123456789.50")));

        DeployedLayout.Finished again = layout.run("dlq-replay", replay);
        print("dlq replay (again)", again);
        assertThat(again.exit()).as(again.output()).isEqualTo(1);
        assertThat(again.output()).contains("skipped  " + refused.place() + " (key 9001): already replayed at ",
                "0 replayed, 1 skipped");
        assertThat(ok(layout.run("dlq-list", "dlq", "list")).output())
                .containsPattern(DLQ + " +1 record\\(s\\), 1 replayed");
        assertThat(amounts(layout)).containsExactly(Map.entry(9001L, new BigDecimal("123456789.50")));
    }

    private static DeployedLayout.Finished ok(DeployedLayout.Finished finished) {
        print("", finished);
        assertThat(finished.exit()).as(finished.output()).isZero();
        return finished;
    }

    /** What the commands print, for the README. */
    private static void print(String what, DeployedLayout.Finished finished) {
        System.out.println("---- " + what + " exit " + finished.exit() + "\n" + finished.output());
    }

    private static Map<Long, BigDecimal> amounts(DeployedLayout layout) throws Exception {
        return AmountTable.amounts(layout.databaseTarget(), TABLE);
    }
}
