package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Topics;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A row the database would reject, or does, goes to the sink's dead-letter topic, and the rows around it still arrive. */
class RejectedRowIT {

    @Test
    void aValueLongerThanItsColumnIsDeadLetteredAndTheNextRowsArrive() throws Exception {
        SinkStack stack = SinkStack.get();
        String table = SinkStack.TABLE.name();
        try (Producer<String, String> producer = stack.producer()) {
            // Straight to the row topic, past the transformer's own check, as another producer might write.
            producer.send(new ProducerRecord<>(Topics.rows(table), "reject-1",
                    row("reject-1", 96_000_001L, "长".repeat(300)).toString())).get();
            producer.send(new ProducerRecord<>(Topics.rows(table), "reject-2",
                    row("reject-2", 96_000_002L, "纯棉圆领短袖T恤").toString())).get();
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> stack.ids().contains("reject-2"));
        assertThat(stack.ids()).doesNotContain("reject-1");
        ConsumerRecord<String, String> dead = stack.deadLetter(Topics.sinkDlq(table), "reject-1");
        assertThat(new String(dead.headers().lastHeader("__connect.errors.exception.message").value(),
                StandardCharsets.UTF_8)).contains("items_name").contains("300 characters exceed its 255");
        assertThat(stack.running()).isTrue();
    }

    @Test
    void aValueTheDatabaseRefusesIsDeadLetteredWithItsReasonAndTheRestOfTheBatchArrives() throws Exception {
        SinkStack stack = SinkStack.get();
        String table = SinkStack.TABLE.name();
        try (Producer<String, String> producer = stack.producer()) {
            // Nothing checks a number's precision before the database: 10^13 does not fit DECIMAL(14,2).
            for (int i = 1; i <= 3; i++) {
                ObjectNode row = row("refused-" + i, 96_000_010L + i, "纯棉圆领短袖T恤");
                row.put("pay_amount", i == 2 ? new BigDecimal("10000000000000.00") : BigDecimal.TEN);
                producer.send(new ProducerRecord<>(Topics.rows(table), "refused-" + i, row.toString()));
            }
            producer.flush();
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> stack.ids()
                .containsAll(List.of("refused-1", "refused-3")));
        assertThat(stack.ids()).doesNotContain("refused-2");
        ConsumerRecord<String, String> dead = stack.deadLetter(Topics.sinkDlq(table), "refused-2");
        assertThat(new String(dead.headers().lastHeader("__connect.errors.exception.message").value(),
                StandardCharsets.UTF_8)).containsIgnoringCase("out of range").contains("pay_amount");
        assertThat(stack.running()).isTrue();
    }

    private static ObjectNode row(String id, long ioId, String itemName) {
        return SinkStack.row(id).put("io_id", ioId).put("items_name", itemName);
    }
}
