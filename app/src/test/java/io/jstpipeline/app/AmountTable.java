package io.jstpipeline.app;

import io.jstpipeline.connect.DatabaseTarget;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dead-letter tests' table: a row per document ({@code o_id}) with an {@code amount}, mapped at a precision, so
 * that a table made from a narrower mapping than the transformer's refuses a large amount.
 */
public final class AmountTable {

    private AmountTable() {
    }

    /** A mapping file of {@code table}, fed by {@code flow}, its amount {@code decimal(precision,2)}. */
    public static String mapping(String table, String flow, int precision) {
        return """
                tables:
                  - name: %s
                    flow: %s
                    document_id: o_id
                    explode: none
                    row_id: "{o_id}"
                    columns:
                      - {name: o_id, type: bigint, required: true}
                      - {name: amount, type: "decimal(%d,2)"}
                      - {name: modified, type: datetime}
                      - {name: ts, type: bigint}
                """.formatted(table, flow, precision);
    }

    /** The table's amounts by {@code o_id}. */
    public static Map<Long, BigDecimal> amounts(DatabaseTarget database, String table) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT o_id, amount FROM " + table)) {
            Map<Long, BigDecimal> amounts = new TreeMap<>();
            while (rs.next()) {
                amounts.put(rs.getLong(1), rs.getBigDecimal(2));
            }
            return amounts;
        }
    }
}
