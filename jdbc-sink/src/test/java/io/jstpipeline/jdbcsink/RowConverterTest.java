package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableMapping;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class RowConverterTest {

    private static final TableMapping SALEOUT = Mappings.builtIn().table("saleout_list_query");

    @Test
    void aCompactRowBecomesTheStructOfItsTable() throws Exception {
        ObjectNode payload = firstRow();
        Struct row = read(RowConverter.of(SALEOUT), payload.toString());

        assertThat(row.schema().name()).isEqualTo("jst.saleout_list_query");
        assertThat(row.getString("id")).isEqualTo(payload.get("id").asText());
        assertThat(row.get("pay_amount")).isEqualTo(new BigDecimal("245.80"));
        assertThat(row.getInt64("io_id")).isEqualTo(10000017L);
        assertThat(row.get("remark")).isNull();
    }

    @Test
    void valuesAreReadAsTheColumnTypesSayFromNumbersOrText() throws Exception {
        Struct row = read(RowConverter.of(SALEOUT), rowWith("""
                {"id": "r-1", "io_id": "10000017", "pay_amount": "12.3", "paid_amount": 7, "is_cod": true,
                 "io_date": 1700000000000, "remark": null}"""));

        assertThat(row.getInt64("io_id")).isEqualTo(10000017L);
        assertThat(row.get("pay_amount")).isEqualTo(new BigDecimal("12.30"));
        assertThat(row.get("paid_amount")).isEqualTo(new BigDecimal("7.00"));
        assertThat(row.getBoolean("is_cod")).isTrue();
        assertThat(row.get("io_date")).isEqualTo(new Date(1700000000000L));
        assertThat(row.get("remark")).isNull();
    }

    @Test
    void columnsInAnyOrderGiveTheSameStruct() throws Exception {
        ObjectNode inOrder = firstRow();
        ObjectNode reversed = Json.MAPPER.createObjectNode();
        List<String> names = new ArrayList<>();
        inOrder.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        names.forEach(name -> reversed.set(name, inOrder.get(name)));

        RowConverter converter = RowConverter.of(SALEOUT);
        assertThat(read(converter, reversed.toString())).isEqualTo(read(converter, inOrder.toString()));
    }

    @Test
    void aValueThatIsNoValueOfItsColumnFailsTheRecordNamingIt() {
        assertThatThrownBy(() -> read(RowConverter.of(SALEOUT), rowWith("{\"id\": \"r-1\", \"remark\": {\"a\": 1}}")))
                .isInstanceOf(DataException.class).hasMessageContaining("remark");
        assertThatThrownBy(() -> read(RowConverter.of(SALEOUT), rowWith("{\"id\": \"r-1\", \"pay_amount\": \"1.234\"}")))
                .isInstanceOf(DataException.class).hasMessageContaining("a record of rows");
        assertThatThrownBy(() -> read(RowConverter.of(SALEOUT), "[1]"))
                .isInstanceOf(DataException.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void aValueThatIsNotOfItsColumnsTypeFailsTheRecordNamingTheColumnInsteadOfBecomingZeroOrFalse() {
        RowConverter converter = RowConverter.of(SALEOUT);
        for (String bad : List.of("\"io_id\": \"abc\"", "\"io_id\": 1.5", "\"io_date\": \"soon\"",
                "\"is_cod\": \"maybe\"", "\"is_cod\": 1")) {
            String column = bad.substring(1, bad.indexOf('"', 1));
            assertThatThrownBy(() -> read(converter, rowWith("{\"id\": \"r-1\", " + bad + "}")))
                    .as(bad).isInstanceOf(DataException.class).hasMessageContaining("column " + column);
        }
    }

    @Test
    void aNullValueIsATombstoneForTheSinkToDelete() {
        assertThat(RowConverter.of(SALEOUT).toConnectData("rows", null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void aRowWrittenWithItsSchemaInTheMessageIsStillRead() {
        Struct row = read(RowConverter.of(SALEOUT), """
                {"schema": {"type": "struct", "optional": false, "fields": [
                  {"field": "id", "type": "string", "optional": false}]},
                 "payload": {"id": "r-1"}}""");
        assertThat(row.getString("id")).isEqualTo("r-1");
    }

    @Test
    void aRowMissingARequiredColumnFailsNamingIt() throws Exception {
        ObjectNode payload = firstRow();
        payload.putNull("id");
        assertThatThrownBy(() -> read(RowConverter.of(SALEOUT), payload.toString()))
                .isInstanceOf(DataException.class).hasMessageContaining("\"id\"");
        assertThatThrownBy(() -> read(RowConverter.of(SALEOUT), "not json"))
                .isInstanceOf(DataException.class).hasMessageContaining("not JSON");
    }

    @Test
    void aRowOfAnotherMappingFailsNamingTheColumnInsteadOfWritingNulls() throws Exception {
        // A user's mapping renamed remark to note: the transformer writes note, a sink with the built-in mapping
        // would write remark as NULL.
        ObjectNode renamed = firstRow();
        renamed.set("note", renamed.remove("remark"));
        assertThatThrownBy(() -> read(RowConverter.of(SALEOUT), renamed.toString()))
                .isInstanceOf(DataException.class).hasMessageContaining("column note")
                .hasMessageContaining("connectors apply --mappings-file");
        ObjectNode lacking = firstRow();
        lacking.remove("remark");
        assertThatThrownBy(() -> read(RowConverter.of(SALEOUT), lacking.toString()))
                .isInstanceOf(DataException.class).hasMessageContaining("lacks the column remark");
    }

    @Test
    void theColumnsInTheConfigurationGiveTheMappingsOwnSchemaWithoutTheMappingOnTheWorker() throws Exception {
        TableMapping custom = new TableMapping("custom_saleout", SALEOUT.flow(), SALEOUT.documentId(),
                SALEOUT.explode(), SALEOUT.keepEmpty(), SALEOUT.rowId(), SALEOUT.emptyRowId(), SALEOUT.columns(),
                SALEOUT.skip(), SALEOUT.indexes());
        RowConverter converter = new RowConverter();
        converter.configure(Map.of(RowConverter.TABLE_CONFIG, custom.name(),
                RowConverter.COLUMNS_CONFIG, RowConverter.columnsConfig(custom)), false);

        Struct row = read(converter, firstRow().toString());
        assertThat(row.schema()).isEqualTo(RowConverter.schema(custom));
        assertThat(row).isEqualTo(read(RowConverter.of(custom), firstRow().toString()));
        assertThatThrownBy(() -> new RowConverter().configure(Map.of(RowConverter.TABLE_CONFIG, "t",
                RowConverter.COLUMNS_CONFIG, "[{\"name\": \"a\", \"type\": \"nonsense\"}]"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RowConverter.COLUMNS_CONFIG)
                .hasMessageContaining("nonsense");
    }

    @Test
    void anUnknownTableStopsTheConnectorNamingIt() {
        RowConverter converter = new RowConverter();
        assertThatThrownBy(() -> converter.configure(Map.of("table", "no_such_table"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no_such_table");
    }

    @Test
    void aStructWrittenBackIsTheCompactRowAgain() throws Exception {
        RowConverter converter = RowConverter.of(SALEOUT);
        Struct row = read(converter, firstRow().toString());
        byte[] written = converter.fromConnectData("rows", row.schema(), row);
        assertThat(read(converter, new String(written, StandardCharsets.UTF_8))).isEqualTo(row);
    }

    private static Struct read(RowConverter converter, String value) {
        return (Struct) converter.toConnectData("rows", value.getBytes(StandardCharsets.UTF_8)).value();
    }

    /** The first row with some columns' values replaced: the transformer writes every column. */
    private static String rowWith(String columns) {
        try {
            ObjectNode row = firstRow();
            row.setAll((ObjectNode) Json.MAPPER.readTree(columns));
            return row.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode firstRow() throws Exception {
        // The transformer's first row of transformer/src/test/resources/saleout-3-items.json, as it writes it.
        try (InputStream in = RowConverterTest.class.getResourceAsStream("/saleout-row.json")) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        }
    }
}
