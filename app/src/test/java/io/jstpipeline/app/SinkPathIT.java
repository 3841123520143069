package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.app.local.LocalStack;
import io.jstpipeline.common.Topics;
import io.jstpipeline.transformer.TransformerService;
import io.jstpipeline.transformer.table.SaleoutListQuery;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SinkPathIT {

    @Test
    void aNoteBecomesTypedRowsInMariaDb() throws Exception {
        LocalStack stack = SharedStack.get();
        String note;
        try (InputStream in = getClass().getResourceAsStream("/saleout-3-items.json")) {
            note = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (TransformerService transformer = new TransformerService(SaleoutListQuery.TABLE,
                TransformerService.config(stack.bootstrapServers(), "sink-path-it",
                        Files.createTempDirectory("streams")));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     "bootstrap.servers", stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            transformer.start();
            producer.send(new ProducerRecord<>(Topics.raw("saleout"), "20000017", note)).get();

            await().atMost(Duration.ofSeconds(60)).until(() -> count("WHERE io_id = 10000017") == 3);
            try (Connection c = DriverManager.getConnection(stack.database().jdbcUrl(), stack.database().user(),
                    stack.database().password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM saleout_list_query WHERE id = '10000017-30000051'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal("pay_amount")).isEqualTo(new BigDecimal("245.80"));
                assertThat(rs.getObject("modified", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 1, 2, 10, 0));
                assertThat(rs.getString("items_name")).isEqualTo("纯棉圆领短袖T恤");
                assertThat(rs.getString("buyer_message")).isEqualTo("请尽快发货，谢谢！😊");
            }
        }
    }

    private static int count(String where) throws Exception {
        LocalStack stack = SharedStack.get();
        try (Connection c = DriverManager.getConnection(stack.database().jdbcUrl(), stack.database().user(),
                stack.database().password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM saleout_list_query " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
