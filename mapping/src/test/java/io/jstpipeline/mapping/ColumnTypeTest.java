package io.jstpipeline.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {

    @Test
    void aTypeSpelledAsAMappingFileSpellsItIsReadBackAsItself() {
        List<ColumnType> types = List.of(new ColumnType.Text(64), new ColumnType.Decimal(14, 2), new ColumnType.Int(),
                new ColumnType.BigInt(), new ColumnType.DateTime(), new ColumnType.Bool());
        for (ColumnType type : types) {
            assertThat(ColumnType.parse(type.spec())).as(type.spec()).isEqualTo(type);
        }
    }
}
