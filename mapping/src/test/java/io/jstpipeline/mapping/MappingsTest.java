package io.jstpipeline.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingsTest {

    private static final Pattern DDL_COLUMN = Pattern.compile("^  (\\w+) (\\S+) (?:NOT )?NULL");

    @TempDir
    Path dir;

    @Test
    void theBuiltInFileDeclaresTheThreeTables() {
        Mappings mappings = Mappings.builtIn();

        assertThat(mappings.tables()).extracting(TableMapping::name, TableMapping::flow, TableMapping::documentId,
                        TableMapping::explode, t -> t.rowId().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("saleout_list_query", "saleout", "io_id", "items",
                                "{io_id}-{items.ioi_id}"),
                        org.assertj.core.groups.Tuple.tuple("order_list_query", "order", "o_id", "pays",
                                "{o_id}-{pays.pay_id}"),
                        org.assertj.core.groups.Tuple.tuple("order_item_list_query", "order", "o_id", "items",
                                "{o_id}-{items.oi_id}"));
        assertThat(mappings.table("order_list_query").keepEmpty()).isTrue();
        assertThat(mappings.table("order_list_query").emptyRowId()).hasToString("{o_id}-none");
        assertThat(mappings.table("order_list_query").column("pays_amount").type())
                .isEqualTo(new ColumnType.Decimal(14, 2));
    }

    @Test
    void saleoutDdlHasExactlyTodaysColumnsAndTypes() {
        String ddl = TableDdl.createTable(Mappings.builtIn().table("saleout_list_query"));

        Map<String, String> expected = new LinkedHashMap<>();
        String[] today = {
            "id VARCHAR(64)", "co_id BIGINT", "shop_id BIGINT", "io_id BIGINT", "o_id BIGINT", "so_id VARCHAR(64)",
            "created DATETIME", "modified DATETIME", "status VARCHAR(32)", "invoice_title VARCHAR(255)",
            "shop_buyer_id VARCHAR(128)", "receiver_country VARCHAR(64)", "receiver_state VARCHAR(64)",
            "receiver_city VARCHAR(64)", "receiver_district VARCHAR(64)", "buyer_message VARCHAR(500)",
            "remark VARCHAR(500)", "is_cod TINYINT(1)", "pay_amount DECIMAL(14,2)", "l_id VARCHAR(64)",
            "io_date DATETIME", "lc_id VARCHAR(32)", "stock_enabled VARCHAR(8)", "labels VARCHAR(255)",
            "paid_amount DECIMAL(14,2)", "free_amount DECIMAL(14,2)", "freight DECIMAL(14,2)",
            "weight DECIMAL(12,3)", "warehouse VARCHAR(128)", "drp_co_id_from VARCHAR(64)",
            "f_weight DECIMAL(12,3)", "order_type VARCHAR(32)", "open_id VARCHAR(128)",
            "is_print_express TINYINT(1)", "is_print TINYINT(1)", "drp_info VARCHAR(255)",
            "buyer_tax_no VARCHAR(64)", "logistics_company VARCHAR(64)", "sns_sku_id VARCHAR(64)",
            "sns_sn VARCHAR(64)", "merge_so_id VARCHAR(64)", "wms_co_id BIGINT", "items_i_id VARCHAR(64)",
            "items_sale_base_price DECIMAL(14,2)", "items_is_gift TINYINT(1)", "items_oi_id BIGINT",
            "items_outer_oi_id VARCHAR(64)", "items_raw_so_id VARCHAR(64)", "items_pay_amount DECIMAL(14,2)",
            "items_combine_sku_id VARCHAR(64)", "items_ioi_id BIGINT", "items_sku_id VARCHAR(64)",
            "items_qty INT", "items_name VARCHAR(255)", "items_properties_value VARCHAR(255)",
            "items_sale_price DECIMAL(14,2)", "items_sale_amount DECIMAL(14,2)", "shop_name VARCHAR(128)",
            "f_freight DECIMAL(14,2)", "business_staff VARCHAR(64)", "currency VARCHAR(8)", "node VARCHAR(255)",
            "pay_date DATETIME", "seller_flag INT", "wave_id BIGINT", "order_staff_id BIGINT",
            "order_staff_name VARCHAR(64)", "ts BIGINT"};
        for (String column : today) {
            expected.put(column.split(" ")[0], column.split(" ")[1]);
        }
        assertThat(expected).hasSize(68);
        assertThat(declaredColumns(ddl)).containsExactlyEntriesOf(expected);
        assertThat(ddl).startsWith("CREATE TABLE IF NOT EXISTS saleout_list_query (\n"
                        + "  id VARCHAR(64) NOT NULL COMMENT '{io_id}-{items.ioi_id}',\n"
                        + "  co_id BIGINT NULL,\n")
                .contains("  PRIMARY KEY (id),\n  KEY idx_o_id (o_id),\n  KEY idx_io_id (io_id),\n"
                        + "  KEY idx_modified (modified)\n")
                .endsWith(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
    }

    @Test
    void orderDdlHasTheSeedsColumnsWithRequiredOnesNotNull() {
        String ddl = TableDdl.createTable(Mappings.builtIn().table("order_list_query"));

        assertThat(declaredColumns(ddl).keySet()).startsWith("id", "o_id", "order_date", "shop_status")
                .endsWith("pays_buyer_account", "pays_is_order_pay", "pays_pay_id", "ts")
                .hasSize(43);
        assertThat(ddl).contains("  o_id BIGINT NOT NULL COMMENT '内部订单号',\n", "  pays_pay_id BIGINT NULL");
        assertThat(TableDdl.createTable(Mappings.builtIn().table("order_item_list_query")))
                .contains("  items_oi_id BIGINT NOT NULL", "KEY idx_shop_id_order_date (shop_id, order_date)");
    }

    @Test
    void aCustomFileIsLoadedByPath() throws IOException {
        Path file = write("""
                tables:
                  - name: shop_orders
                    flow: order
                    document_id: o_id
                    row_id: "order-{o_id}"
                    skip: {field: status, in: [Cancelled]}
                    columns:
                      - {name: o_id, type: bigint}
                      - {name: currency, type: string(8), default: CNY}
                      - {name: remark, type: string(20), too_long: truncate}
                """);

        TableMapping table = Mappings.load(file).table("shop_orders");

        assertThat(table.explode()).isNull();
        assertThat(table.skip()).isEqualTo(new DocumentFilter("status", java.util.Set.of("Cancelled")));
        assertThat(table.column("currency").defaultValue()).isEqualTo("CNY");
        assertThat(table.column("remark").invalid()).isEqualTo(ColumnMapping.Invalid.TRUNCATE);
    }

    @Test
    void whatAnInvalidValueGetsDefaultsToNullForOptionalTimesAndToRejectingTheRowElse() throws IOException {
        TableMapping table = Mappings.load(write("""
                tables:
                  - name: t
                    flow: order
                    document_id: o_id
                    row_id: "{o_id}"
                    columns:
                      - {name: o_id, type: bigint, required: true}
                      - {name: created, type: datetime, required: true}
                      - {name: send_date, type: datetime}
                      - {name: so_id, type: string(64)}
                      - {name: remark, type: string(500), invalid: truncate}
                      - {name: pay_amount, type: "decimal(14,2)"}
                      - {name: pay_date, type: datetime, invalid: reject}
                """)).table("t");

        assertThat(table.columns()).extracting(ColumnMapping::name, ColumnMapping::invalid).containsExactly(
                tuple("o_id", ColumnMapping.Invalid.REJECT), tuple("created", ColumnMapping.Invalid.REJECT),
                tuple("send_date", ColumnMapping.Invalid.NULL), tuple("so_id", ColumnMapping.Invalid.REJECT),
                tuple("remark", ColumnMapping.Invalid.TRUNCATE), tuple("pay_amount", ColumnMapping.Invalid.REJECT),
                tuple("pay_date", ColumnMapping.Invalid.REJECT));
    }

    @Test
    void theShippedMappingTruncatesFreeTextAndNullsOptionalTimes() {
        TableMapping notes = Mappings.builtIn().table("saleout_list_query");
        for (String freeText : List.of("remark", "buyer_message", "invoice_title", "items_name",
                "items_properties_value")) {
            assertThat(notes.column(freeText).invalid()).as(freeText).isEqualTo(ColumnMapping.Invalid.TRUNCATE);
        }
        assertThat(notes.column("so_id").invalid()).as("an id is never cut").isEqualTo(ColumnMapping.Invalid.REJECT);
        assertThat(notes.column("io_date").invalid()).isEqualTo(ColumnMapping.Invalid.NULL);
        assertThat(notes.column("pay_amount").invalid()).isEqualTo(ColumnMapping.Invalid.REJECT);
        assertThat(Mappings.builtIn().table("order_item_list_query").column("items_oi_id").invalid())
                .isEqualTo(ColumnMapping.Invalid.REJECT);
    }

    @Test
    void anUnknownTypeNamesTheFileTableAndColumn() throws IOException {
        assertError(table("explode: items", "{name: items_qty, source: items.qty, type: integer}"),
                "table t, column items_qty: unknown type 'integer'");
    }

    @Test
    void anIdTemplateNamingAFieldNoColumnReadsNamesTheTableAndField() throws IOException {
        assertError(table("explode: items", "{name: items_qty, source: items.qty, type: int}"),
                "table t, row_id: '{o_id}-{items.oi_id}' names {items.oi_id}, which is not the source of any column");
    }

    @Test
    void aColumnDeclaredTwiceNamesTheTableAndColumn() throws IOException {
        assertError(table("explode: items", "{name: items_oi_id, source: items.oi_id, type: bigint}",
                        "{name: o_id, source: o_id, type: int}"),
                "table t, column o_id: declared twice");
    }

    @Test
    void aBadExplodeValueNamesTheTableAndKey() throws IOException {
        assertError(table("explode: items.sub", "{name: items_oi_id, source: items.oi_id, type: bigint}"),
                "table t, explode: 'items.sub' must be the name of an array field");
        assertError(table("explode: pays", "{name: items_oi_id, source: items.oi_id, type: bigint}"),
                "table t, column items_oi_id: source 'items.oi_id' reads an element, but the table explodes pays");
    }

    @Test
    void otherMistakesAreNamedToo() throws IOException {
        assertError(table("explode: items", "{name: items_oi_id, source: items.oi_id, type: bigint, requried: true}"),
                "table t, a column: unknown key 'requried'");
        assertError(table("explode: items", "{name: items_oi_id, source: items.oi_id, type: \"decimal(2,3)\"}"),
                "table t, column items_oi_id: decimal needs");
        assertError(table("explode: items", "{name: items_oi_id, source: items.oi_id, type: bigint, default: x}"),
                "table t, column items_oi_id: default 'x' does not fit: items_oi_id: not an integer");
        assertError(table("explode: items", "{name: items_oi_id, source: items.oi_id, type: int, too_long: truncate}"),
                "table t, column items_oi_id: truncate applies to strings only");
        assertError(table("explode: items", "{name: items_oi_id, source: items.oi_id, type: bigint, invalid: maybe}"),
                "table t, column items_oi_id: invalid 'maybe' must be null, truncate or reject");
        assertError(table("explode: items", "{name: items_oi_id, source: items.oi_id, type: bigint, required: true, "
                        + "invalid: null}"),
                "table t, column items_oi_id: invalid: null cannot apply to a required column");
        assertError(table("keep_empty: true", "{name: items_oi_id, source: items.oi_id, type: bigint}"),
                "table t, keep_empty: needs an exploded array");
        assertError(write("tables: [{name: t, flow: order"), "not valid YAML");
        assertThatThrownBy(() -> Mappings.load(dir.resolve("absent.yml")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent.yml: cannot be read");
    }

    /** A table t with an o_id column, the given extra keys and columns, and the row id {o_id}-{items.oi_id}. */
    private Path table(String keys, String... columns) throws IOException {
        StringBuilder yaml = new StringBuilder("""
                tables:
                  - name: t
                    flow: order
                    document_id: o_id
                    row_id: "{o_id}-{items.oi_id}"
                """);
        yaml.append("    ").append(keys).append("\n    columns:\n      - {name: o_id, type: bigint}\n");
        for (String column : columns) {
            yaml.append("      - ").append(column).append('\n');
        }
        return write(yaml.toString());
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "mappings", ".yml"), yaml);
    }

    private static void assertError(Path file, String message) {
        assertThatThrownBy(() -> Mappings.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mapping file " + file + ": ")
                .hasMessageContaining(message);
    }

    private static Map<String, String> declaredColumns(String ddl) {
        Map<String, String> declared = new LinkedHashMap<>();
        for (String line : ddl.split("\n")) {
            Matcher m = DDL_COLUMN.matcher(line);
            if (m.find()) {
                declared.put(m.group(1), m.group(2));
            }
        }
        return declared;
    }
}
