package io.jstpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.sandbox.SaleoutGenerator;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpsertStatementTest {

    private static final TableMapping TABLE = DemoPipeline.TABLE;

    @Test
    void aStatementOfNRowsHasATupleOfEveryColumnPerRowAndUpdatesAllButTheId() {
        String sql = UpsertStatement.plain(TABLE, "t").sql(3);
        int columns = TABLE.columns().size() + 1;

        String first = "`" + TABLE.columns().get(0).name() + "`";
        assertThat(sql).startsWith("INSERT INTO `t` (`id`," + first + ",");
        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(3L * columns);
        assertThat(sql).contains(" ON DUPLICATE KEY UPDATE " + first + "=VALUES(" + first + ")")
                .doesNotContain("`id`=VALUES(`id`)");
    }

    @Test
    void aRowIsBoundByItsColumnsTypesTimesAsTheChinaWallClock() throws Exception {
        ObjectNode note = new SaleoutGenerator(7, 1, LocalDateTime.of(2024, 1, 1, 0, 0),
                LocalDateTime.of(2024, 1, 2, 0, 0)).documents().get(0);
        note.put("remark", "").put("pay_amount", "12.3").put("modified", "2024-01-01 10:00:00").put("is_cod", true);
        ((ObjectNode) note.get("items").get(0)).put("qty", 3);
        DocumentFlattener.Row row = new TableRowSource(TABLE).rows(note).get(0);
        Map<Integer, List<Object>> bound = new HashMap<>();
        PreparedStatement statement = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    bound.put((Integer) args[0], List.of(method.getName(), args[1]));
                    return null;
                });

        int next = UpsertStatement.guarded(TABLE, "t").bind(statement, 4, row);

        assertThat(next).isEqualTo(4 + TABLE.columns().size() + 1);
        assertThat(bound.get(4)).containsExactly("setString", row.id());
        assertThat(bound.get(parameter("io_id"))).containsExactly("setLong", note.get("io_id").asLong());
        assertThat(bound.get(parameter("items_qty"))).containsExactly("setInt", 3);
        assertThat(bound.get(parameter("pay_amount"))).containsExactly("setBigDecimal", new BigDecimal("12.30"));
        assertThat(bound.get(parameter("modified")))
                .containsExactly("setString", "2024-01-01 10:00:00.000");
        assertThat(bound.get(parameter("is_cod"))).containsExactly("setBoolean", true);
        assertThat(bound.get(parameter("remark"))).containsExactly("setNull", Types.NULL);
        assertThat(bound.get(parameter("so_id"))).containsExactly("setString", note.get("so_id").asText());
    }

    /** Where a column's value goes when the row is bound from parameter 4 on, after the id. */
    private static int parameter(String column) {
        return 5 + TABLE.columns().indexOf(TABLE.column(column));
    }

    @Test
    void percentilesAreTakenFromTheSortedLatencies() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(PipelineRun.percentile(sorted, 50)).isEqualTo(5);
        assertThat(PipelineRun.percentile(sorted, 95)).isEqualTo(10);
        assertThat(PipelineRun.percentile(new double[0], 50)).isNaN();
    }
}
