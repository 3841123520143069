package io.jstpipeline.transformer.row;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.sandbox.OrderGenerator;
import io.jstpipeline.sandbox.SaleoutGenerator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentFlattenerTest {

    private static final LocalDateTime FROM = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final LocalDateTime TO = LocalDateTime.of(2024, 2, 1, 0, 0);

    /** Every column type, decimals of every scale, defaults (one with spaces, which stay) and truncation. */
    private static final String EDGE_MAPPING = """
            tables:
              - name: edge
                flow: edge
                document_id: doc_id
                explode: items
                keep_empty: true
                empty_row_id: "{doc_id}-none"
                row_id: "{doc_id}-{items.n}"
                columns:
                  - {name: doc_id, type: bigint, required: true}
                  - {name: txt, type: string(10)}
                  - {name: cut, type: string(3), too_long: truncate}
                  - {name: cur, type: string(8), default: " CNY "}
                  - {name: d0, type: "decimal(10,0)"}
                  - {name: d2, type: "decimal(14,2)"}
                  - {name: d8, type: "decimal(20,8)"}
                  - {name: d30, type: "decimal(65,30)"}
                  - {name: i, type: int}
                  - {name: b, type: bigint}
                  - {name: t, type: datetime}
                  - {name: f, type: boolean}
                  - {name: fd, type: boolean, default: "yes"}
                  - {name: dd, type: "decimal(14,2)", default: "0"}
                  - {name: items_n, source: items.n, type: bigint}
                  - {name: items_x, source: items.x, type: string(64)}
                  - {name: items_m, source: items.m, type: "decimal(14,2)"}
            """;

    private static final String EDGE_DOCUMENT = """
            {"doc_id": 3, "txt": " a\\u0000b\\r\\n ", "cut": "😊😊😊😊", "cur": "", "d0": 1E+3, "d2": "0",
             "d8": "1E-8", "d30": "12345678901234567890.5", "i": 2147483647, "b": -9223372036854775808,
             "t": "2024-01-02T10:00:00.123456789", "f": 1, "fd": "N", "dd": 0.5,
             "items": [{"n": 1, "x": {"a": [1, "é"]}, "m": "12.30"}, {"n": 2, "x": "a\\u2028\\"</\\\\", "m": -0.00},
                       {"n": 3, "x": true, "m": "1E+3"}, {"n": 4, "m": 100.5}, {"n": 5, "m": 1E+11}]}""";

    @TempDir
    Path dir;

    @Test
    void aRowsJsonIsTheIdThenEveryColumnInOrderNumbersPlain() throws Exception {
        List<DocumentFlattener.Row> rows = new DocumentFlattener(edgeTable()).flatten(Json.MAPPER.readTree(EDGE_DOCUMENT))
                .rows();

        String head = "{\"id\":\"3-%d\",\"doc_id\":3,\"txt\":\"ab\",\"cut\":\"\\uD83D\\uDE0A\\uD83D\\uDE0A\\uD83D\\uDE0A\","
                + "\"cur\":\" CNY \",\"d0\":1000,\"d2\":0.00,\"d8\":0.00000001,"
                + "\"d30\":12345678901234567890.500000000000000000000000000000,\"i\":2147483647,"
                + "\"b\":-9223372036854775808,\"t\":1704189600123,\"f\":true,\"fd\":false,\"dd\":0.50,";
        assertThat(rows).extracting(row -> new String(row.json(), StandardCharsets.UTF_8)).containsExactly(
                head.formatted(1) + "\"items_n\":1,\"items_x\":\"{\\\"a\\\":[1,\\\"é\\\"]}\",\"items_m\":12.30}",
                head.formatted(2) + "\"items_n\":2,\"items_x\":\"a\u2028\\\"</\\\\\",\"items_m\":0.00}",
                head.formatted(3) + "\"items_n\":3,\"items_x\":\"true\",\"items_m\":1000.00}",
                head.formatted(4) + "\"items_n\":4,\"items_x\":null,\"items_m\":100.50}",
                head.formatted(5) + "\"items_n\":5,\"items_x\":null,\"items_m\":100000000000.00}");
        assertThat(rows.get(0).values()[7]).isEqualTo(new BigDecimal("12345678901234567890.500000000000000000000000000000"));
    }

    @Test
    void anEmptyArraysRowHasTheElementsColumnsNullAndTheDefaults() throws Exception {
        DocumentFlattener.Row row = new DocumentFlattener(edgeTable()).flatten(Json.MAPPER.readTree("{\"doc_id\": 1}"))
                .rows().get(0);
        assertThat(new String(row.json(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"1-none\",\"doc_id\":1,"
                + "\"txt\":null,\"cut\":null,\"cur\":\" CNY \",\"d0\":null,\"d2\":null,\"d8\":null,\"d30\":null,"
                + "\"i\":null,\"b\":null,\"t\":null,\"f\":null,\"fd\":true,\"dd\":0.00,"
                + "\"items_n\":null,\"items_x\":null,\"items_m\":null}");
    }

    /** The bytes the rows had when they were written as a tree of nodes: the row topics' format must not move. */
    @Test
    void everySandboxRowWritesTheBytesItsTreeOfNodesWrote() throws Exception {
        List<ObjectNode> saleouts = new SaleoutGenerator(42, 1000, FROM, TO).documents();
        List<ObjectNode> orders = new OrderGenerator(42, 1000, FROM, TO).documents();
        int compared = 0;
        for (TableMapping table : Mappings.builtIn().tables()) {
            compared += compareWithTree(table, table.flow().equals("saleout") ? saleouts : orders);
        }
        compared += compareWithTree(edgeTable(), List.of(Json.MAPPER.readTree(EDGE_DOCUMENT),
                Json.MAPPER.readTree("{\"doc_id\": 1}")));
        assertThat(compared).isGreaterThan(5000);
    }

    private static int compareWithTree(TableMapping table, List<? extends JsonNode> documents) throws Exception {
        DocumentFlattener flattener = new DocumentFlattener(table);
        int rows = 0;
        for (JsonNode document : documents) {
            for (DocumentFlattener.Row row : flattener.flatten(document).rows()) {
                assertThat(new String(row.json(), StandardCharsets.UTF_8)).as(row.id())
                        .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(tree(table, row)), StandardCharsets.UTF_8));
                rows++;
            }
        }
        return rows;
    }

    /** The row as the transformer used to build it: node by node, decimals exact. */
    @SuppressWarnings("deprecation") // withExactBigDecimals: the very factory the transformer used
    private static ObjectNode tree(TableMapping table, DocumentFlattener.Row row) {
        JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);
        ObjectNode tree = Json.MAPPER.createObjectNode().put(TableMapping.ID_COLUMN, row.id());
        for (int i = 0; i < row.values().length; i++) {
            tree.set(table.columns().get(i).name(), node(nodes, row.values()[i]));
        }
        return tree;
    }

    private static JsonNode node(JsonNodeFactory nodes, Object value) {
        if (value == null) {
            return nodes.nullNode();
        } else if (value instanceof String text) {
            return nodes.textNode(text);
        } else if (value instanceof BigDecimal decimal) {
            return nodes.numberNode(decimal);
        } else if (value instanceof Integer number) {
            return nodes.numberNode(number.intValue());
        } else if (value instanceof Long number) {
            return nodes.numberNode(number.longValue());
        } else if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        }
        throw new AssertionError("not a column value: " + value.getClass());
    }

    private TableMapping edgeTable() throws Exception {
        return Mappings.load(Files.writeString(dir.resolve("mappings.yml"), EDGE_MAPPING)).table("edge");
    }
}
