package io.jstpipeline.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.transformer.table.SaleoutListQuery;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowTopologyTest {

    private static final String ROWS = Topics.rows(SaleoutListQuery.NAME);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> raw;
    private TestOutputTopic<String, String> rows;
    private TestOutputTopic<String, String> deadLetters;

    @BeforeEach
    void start() {
        Properties config = TransformerService.config("unused:9092", "test", stateDir);
        driver = new TopologyTestDriver(RowTopology.build(SaleoutListQuery.TABLE), config);
        raw = driver.createInputTopic(Topics.raw("saleout"), new StringSerializer(), new StringSerializer());
        rows = driver.createOutputTopic(ROWS, new StringDeserializer(), new StringDeserializer());
        deadLetters = driver.createOutputTopic(Topics.TRANSFORM_DLQ, new StringDeserializer(), new StringDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aNoteWithThreeItemsBecomesThreeRowsKeyedByIoIdAndIoiId() throws IOException {
        raw.pipeInput("20000017", note());

        List<TestRecord<String, String>> out = rows.readRecordsToList();
        assertThat(out).extracting(TestRecord::key)
                .containsExactly("10000017-30000051", "10000017-30000052", "10000017-30000053");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void rowsAreTypedAsTheJdbcSinkReadsThem() throws IOException {
        raw.pipeInput("20000017", note());

        Struct row = asSinkReadsIt(rows.readRecordsToList().get(0).value());
        assertThat(row.getString("id")).isEqualTo("10000017-30000051");
        assertThat(row.getInt64("io_id")).isEqualTo(10000017L);
        assertThat(row.get("pay_amount")).isEqualTo(new BigDecimal("245.80"));
        assertThat(row.get("items_sale_price")).isEqualTo(new BigDecimal("59.90"));
        assertThat(row.get("weight")).isEqualTo(new BigDecimal("1.250"));
        assertThat(row.getInt32("items_qty")).isEqualTo(2);
        assertThat(row.get("modified")).isEqualTo(
                Date.from(LocalDateTime.of(2024, 1, 2, 10, 0).toInstant(ZoneOffset.UTC)));
        assertThat(row.getString("items_name")).isEqualTo("纯棉圆领短袖T恤");
        assertThat(row.getString("buyer_message")).isEqualTo("请尽快发货，谢谢！😊");
        assertThat(row.getString("remark")).isEmpty();
        assertThat(row.getBoolean("is_print_express")).isTrue();
        assertThat(row.getBoolean("items_is_gift")).isFalse();
    }

    @Test
    void theSameOrAnOlderVersionGivesNoRowsAndANewerOneDoes() throws IOException {
        raw.pipeInput("20000017", note());
        rows.readRecordsToList();

        raw.pipeInput("20000017", note());
        assertThat(rows.isEmpty()).as("same version again").isTrue();

        raw.pipeInput("20000017", note(n -> n.put("modified", "2024-01-01 08:00:00")));
        assertThat(rows.isEmpty()).as("older version").isTrue();

        raw.pipeInput("20000017", note(n -> n.put("modified", "2024-01-03 08:00:00").put("ts", 1704240000000017L)));
        assertThat(rows.readRecordsToList()).hasSize(3);
    }

    @Test
    void malformedJsonGoesToTheDeadLetterTopicWithItsReasonAndSource() {
        raw.pipeInput("20000017", "{\"io_id\": 1, oops");

        TestRecord<String, String> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo("{\"io_id\": 1, oops");
        assertThat(header(dead, "jst.error.reason")).startsWith("malformed JSON");
        assertThat(header(dead, "jst.error.table")).isEqualTo(SaleoutListQuery.NAME);
        assertThat(header(dead, "jst.source.topic")).isEqualTo(Topics.raw("saleout"));
        assertThat(header(dead, "jst.source.offset")).isEqualTo("0");
        assertThat(rows.isEmpty()).isTrue();
    }

    @Test
    void aTooLongValueRejectsItsRowOnlyAndTheOtherRowsFlow() throws IOException {
        raw.pipeInput("20000017", note(n -> ((ObjectNode) n.get("items").get(1)).put("name", "长".repeat(256))));

        assertThat(rows.readRecordsToList()).extracting(TestRecord::key)
                .containsExactly("10000017-30000051", "10000017-30000053");
        TestRecord<String, String> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("10000017-30000052");
        assertThat(header(dead, "jst.error.column")).isEqualTo("items_name");
        assertThat(header(dead, "jst.error.reason")).contains("exceeds VARCHAR(255)");
    }

    @Test
    void aMoneyValueThatIsNotANumberIsRejectedWithTheColumn() throws IOException {
        raw.pipeInput("20000017", note(n -> n.put("pay_amount", "12,5")));

        assertThat(rows.isEmpty()).isTrue();
        List<TestRecord<String, String>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(header(dead.get(0), "jst.error.column")).isEqualTo("pay_amount");
    }

    private static Struct asSinkReadsIt(String value) {
        try (JsonConverter converter = new JsonConverter()) {
            converter.configure(Map.of("schemas.enable", "true"), false);
            return (Struct) converter.toConnectData(ROWS, value.getBytes(StandardCharsets.UTF_8)).value();
        }
    }

    private static String header(TestRecord<String, String> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private static String note() throws IOException {
        return note(n -> { });
    }

    private static String note(java.util.function.Consumer<ObjectNode> change) throws IOException {
        try (InputStream in = RowTopologyTest.class.getResourceAsStream("/saleout-3-items.json")) {
            ObjectNode note = (ObjectNode) Json.MAPPER.readTree(in);
            change.accept(note);
            return Json.MAPPER.writeValueAsString(note);
        }
    }
}
