package io.jstpipeline.ops.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the privileges the pipeline needs on its schema the lines of SHOW GRANTS give, in MySQL's and MariaDB's spelling. */
class DatabaseGrantsTest {

    @Test
    void theReadmesGrantsOnTheSchemaAreAllItNeeds() {
        assertThat(DatabaseGrants.missing(List.of(
                "GRANT USAGE ON *.* TO `jst_pipeline`@`%`",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER ON `jst`.* TO `jst_pipeline`@`%`"), "jst"))
                .isEmpty();
    }

    @Test
    void theSinksGrantsLeaveOutWhatLaysTablesOut() {
        assertThat(DatabaseGrants.missing(List.of(
                "GRANT USAGE ON *.* TO 'jst_sink'@'%' IDENTIFIED BY PASSWORD '*ABC' REQUIRE SSL",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON `jst`.* TO 'jst_sink'@'%'"), "jst"))
                .containsExactly(DatabaseGrants.CREATE, DatabaseGrants.ALTER, DatabaseGrants.DROP);
    }

    @Test
    void allOnEverySchemaOrOnAMatchingPatternCountsOtherSchemasTablesAndColumnsDoNot() {
        assertThat(DatabaseGrants.missing(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT "
                + "OPTION"), "jst")).isEmpty();
        assertThat(DatabaseGrants.missing(List.of("GRANT ALL ON `jst\\_%`.* TO `u`@`%`"), "jst_prod")).isEmpty();
        assertThat(DatabaseGrants.missing(List.of("GRANT ALL ON `jst\\_%`.* TO `u`@`%`"), "jstprod"))
                .isEqualTo(EnumSet.allOf(DatabaseGrants.class));
        assertThat(DatabaseGrants.missing(List.of(
                "GRANT ALL PRIVILEGES ON `other`.* TO `u`@`%`",
                "GRANT SELECT, INSERT ON `jst`.`saleout_list_query` TO `u`@`%`",
                "GRANT SELECT (o_id, modified), UPDATE (modified) ON `jst`.* TO `u`@`%`"), "jst"))
                .isEqualTo(EnumSet.allOf(DatabaseGrants.class));
    }
}
