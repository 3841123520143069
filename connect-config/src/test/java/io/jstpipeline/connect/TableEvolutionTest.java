package io.jstpipeline.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.connect.TableEvolution.DatabaseColumn;
import io.jstpipeline.mapping.ColumnType;
import io.jstpipeline.mapping.TableDdl.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableEvolutionTest {

    private static final List<Column> MAPPED = List.of(
            new Column("id", new ColumnType.Text(64), true, "{o_id}"),
            new Column("o_id", new ColumnType.BigInt(), true, null),
            new Column("qty", new ColumnType.Int(), false, null),
            new Column("amount", new ColumnType.Decimal(14, 2), false, null),
            new Column("modified", new ColumnType.DateTime(), false, null),
            new Column("is_cod", new ColumnType.Bool(), false, null));

    /** The table as MariaDB and MySQL before 8.0.19 report it: integers with display widths. */
    private static final List<DatabaseColumn> WITH_DISPLAY_WIDTHS = List.of(
            new DatabaseColumn("id", "varchar(64)", false, false),
            new DatabaseColumn("o_id", "bigint(20)", false, false),
            new DatabaseColumn("qty", "int(11)", true, true),
            new DatabaseColumn("amount", "decimal(14,2)", true, true),
            new DatabaseColumn("modified", "datetime", true, true),
            new DatabaseColumn("is_cod", "tinyint(1)", true, true));

    @Test
    void aTableAsMappedNeedsNothingWhicheverWayTheServerSpellsItsTypes() {
        List<DatabaseColumn> mysql8 = List.of(
                new DatabaseColumn("ID", "VARCHAR(64)", false, false),
                new DatabaseColumn("o_id", "bigint", false, false),
                new DatabaseColumn("qty", "int", true, true),
                new DatabaseColumn("amount", "decimal(14, 2)", true, true),
                new DatabaseColumn("modified", "datetime", true, true),
                new DatabaseColumn("is_cod", "tinyint(1)", true, true));

        for (List<DatabaseColumn> existing : List.of(WITH_DISPLAY_WIDTHS, mysql8)) {
            TableEvolution evolution = TableEvolution.compare("t", MAPPED, existing);
            assertThat(evolution.statements()).isEmpty();
            assertThat(evolution.warnings()).isEmpty();
        }
    }

    @Test
    void aColumnTheTableLacksIsAddedWithItsTypeNullabilityAndComment() {
        List<Column> mapped = new java.util.ArrayList<>(MAPPED);
        mapped.add(new Column("buyer_note", new ColumnType.Text(100), false, "买家留言"));
        mapped.add(new Column("shop_id", new ColumnType.BigInt(), true, null));

        TableEvolution evolution = TableEvolution.compare("t", mapped, WITH_DISPLAY_WIDTHS);

        assertThat(evolution.statements()).containsExactly(
                "ALTER TABLE t ADD COLUMN buyer_note VARCHAR(100) NULL COMMENT '买家留言'",
                "ALTER TABLE t ADD COLUMN shop_id BIGINT NOT NULL");
        assertThat(evolution.warnings()).isEmpty();
    }

    @Test
    void aColumnTheMappingNoLongerHasIsLeftWithOneWarningLineNamingTableAndColumn() {
        TableEvolution evolution = TableEvolution.compare("t", MAPPED.subList(0, 4), WITH_DISPLAY_WIDTHS);

        assertThat(evolution.statements()).isEmpty();
        assertThat(evolution.warnings()).containsExactly(
                "table t keeps column modified, which the mapping no longer has: left as it is, new rows leave it "
                        + "NULL or its default",
                "table t keeps column is_cod, which the mapping no longer has: left as it is, new rows leave it "
                        + "NULL or its default");
    }

    @Test
    void aRemovedColumnThatRefusesRowsWithoutAValueSaysSo() {
        TableEvolution evolution = TableEvolution.compare("t", MAPPED.subList(0, 1), WITH_DISPLAY_WIDTHS.subList(0, 2));

        assertThat(evolution.warnings()).containsExactly("table t keeps column o_id, which the mapping no longer has: "
                + "left as it is, but it is NOT NULL without a default, so the database refuses every new row until "
                + "it is dropped or made NULL (ALTER TABLE t MODIFY o_id bigint(20) NULL)");
    }

    @Test
    void aWiderTextDecimalOrIntegerIsModifiedInPlaceKeepingTheTablesNullability() {
        List<Column> mapped = List.of(new Column("id", new ColumnType.Text(128), true, "{o_id}"), MAPPED.get(1),
                new Column("qty", new ColumnType.BigInt(), false, null),
                new Column("amount", new ColumnType.Decimal(18, 3), true, "金额"));

        TableEvolution evolution = TableEvolution.compare("t", mapped, WITH_DISPLAY_WIDTHS.subList(0, 4));

        assertThat(evolution.statements()).containsExactly(
                "ALTER TABLE t MODIFY COLUMN id VARCHAR(128) NOT NULL COMMENT '{o_id}'",
                "ALTER TABLE t MODIFY COLUMN qty BIGINT NULL",
                "ALTER TABLE t MODIFY COLUMN amount DECIMAL(18,3) NULL COMMENT '金额'");
        assertThat(evolution.widened()).extracting(w -> w.from().columnType() + " -> " + w.to().type().sql())
                .containsExactly("varchar(64) -> VARCHAR(128)", "int(11) -> BIGINT", "decimal(14,2) -> DECIMAL(18,3)");
    }

    @Test
    void aNarrowerOrChangedTypeStopsNamingTableColumnAndBothTypes() {
        List<Column> mapped = List.of(new Column("id", new ColumnType.Text(32), true, "{o_id}"),
                new Column("o_id", new ColumnType.Int(), true, null),
                new Column("qty", new ColumnType.Text(10), false, null),
                // Two more decimals but one digit fewer before the point: 999,999,999,999.99 would not fit.
                new Column("amount", new ColumnType.Decimal(15, 4), false, null));

        assertThatThrownBy(() -> TableEvolution.compare("t", mapped, WITH_DISPLAY_WIDTHS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table t: column id is VARCHAR(64) in the table but VARCHAR(32) in the mapping; "
                        + "column o_id is BIGINT in the table but INT in the mapping; "
                        + "column qty is INT in the table but VARCHAR(10) in the mapping; "
                        + "column amount is DECIMAL(14,2) in the table but DECIMAL(15,4) in the mapping. "
                        + "Only widening is done for you (a longer VARCHAR, a DECIMAL with as many digits before "
                        + "and after the point or more, INT to BIGINT): alter the table, "
                        + "or map the new type under a new column name");
    }

    @Test
    void typesAreNormalizedToTheMappingsSpelling() {
        assertThat(TableEvolution.normalizedType("int(11)")).isEqualTo("INT");
        assertThat(TableEvolution.normalizedType("bigint(20)")).isEqualTo("BIGINT");
        assertThat(TableEvolution.normalizedType("tinyint(1)")).isEqualTo("TINYINT(1)");
        assertThat(TableEvolution.normalizedType("tinyint(4)")).isEqualTo("TINYINT(4)");
        assertThat(TableEvolution.normalizedType("decimal(14, 2)")).isEqualTo("DECIMAL(14,2)");
        assertThat(TableEvolution.normalizedType("varchar(64)")).isEqualTo("VARCHAR(64)");
        assertThat(TableEvolution.normalizedType("int(10) unsigned")).isEqualTo("INT UNSIGNED");
        assertThat(TableEvolution.normalizedType("text")).isEqualTo("TEXT");
    }
}
