package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.transformer.table.Column;
import io.jstpipeline.transformer.table.SaleoutListQuery;
import io.jstpipeline.transformer.table.TableDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The DDL the sink writes into and the rows the transformer makes must agree column by column. */
class TableDdlTest {

    private static final Pattern COLUMN = Pattern.compile("^\\s+(\\w+) ((?:VARCHAR|DECIMAL)\\([\\d,]+\\)|\\w+(?:\\(\\d\\))?) ");

    @Test
    void saleoutDdlDeclaresExactlyTheTransformersColumnsWithTheirTypes() {
        TableDefinition table = SaleoutListQuery.TABLE;
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(table.idColumn(), TableDefinition.ID_TYPE.sql());
        for (Column column : table.columns()) {
            expected.put(column.name(), column.type().sql());
        }

        Map<String, String> declared = new LinkedHashMap<>();
        for (String line : TableSchema.ddl(table.name()).split("\n")) {
            Matcher m = COLUMN.matcher(line);
            if (m.find() && !m.group(1).equals("PRIMARY") && !m.group(1).equals("KEY")) {
                declared.put(m.group(1), m.group(2));
            }
        }

        assertThat(declared).containsExactlyEntriesOf(expected);
        assertThat(TableSchema.ddl(table.name())).contains("PRIMARY KEY (id)").contains("CHARSET=utf8mb4");
    }
}
