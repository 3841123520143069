package io.jstpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.local.LocalPipeline;
import io.jstpipeline.transformer.table.TableMapping;
import org.junit.jupiter.api.Test;

class UpsertStatementTest {

    private static final TableMapping TABLE = LocalPipeline.TABLE;

    @Test
    void aStatementOfNRowsHasATupleOfEveryColumnPerRowAndUpdatesAllButTheId() {
        String sql = new UpsertStatement(TABLE, "t").sql(3);
        int columns = TABLE.columns().size() + 1;

        String first = "`" + TABLE.columns().get(0).name() + "`";
        assertThat(sql).startsWith("INSERT INTO `t` (`id`," + first + ",");
        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(3L * columns);
        assertThat(sql).contains(" ON DUPLICATE KEY UPDATE " + first + "=VALUES(" + first + ")")
                .doesNotContain("`id`=VALUES(`id`)");
    }

    @Test
    void percentilesAreTakenFromTheSortedLatencies() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(PipelineRun.percentile(sorted, 50)).isEqualTo(5);
        assertThat(PipelineRun.percentile(sorted, 95)).isEqualTo(10);
        assertThat(PipelineRun.percentile(new double[0], 50)).isNaN();
    }
}
