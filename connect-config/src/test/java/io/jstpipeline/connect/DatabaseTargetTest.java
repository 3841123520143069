package io.jstpipeline.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.jdbcsink.RowSinkConfig;
import io.jstpipeline.mapping.Mappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

    @Test
    void passwordsNeverShowInItsText() {
        DatabaseTarget target = new DatabaseTarget(
                "jdbc:mysql://jst:s3cret@db:3306/jst?useSSL=true&password=s3cret", "jst", "s3cret");
        assertThat(target.toString()).doesNotContain("s3cret").contains("db:3306/jst");
        assertThat(target.redactedUrl()).isEqualTo("jdbc:mysql://jst:***@db:3306/jst?useSSL=true&password=***");
    }

    @Test
    void aUrlThatIsNotJdbcIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new DatabaseTarget("mysql://u:s3cret@db/jst", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mysql url")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void theShippedConnectorKeepsTheDatabaseInTheWorkersEnvironment() {
        assertThat(new SinkConnectors((short) 1).config(Mappings.builtIn().table("saleout_list_query")))
                .containsEntry(RowSinkConfig.CONNECTION_PASSWORD, "${env:JST_MYSQL_PASSWORD}")
                .containsEntry("errors.deadletterqueue.topic.name", "jst.dlq.sink.saleout_list_query")
                .containsEntry("errors.tolerance", "all");
    }

    @Test
    void aConnectorPointedAtADatabaseHoldsItsPasswordsReferenceNeverThePassword() {
        DatabaseTarget db = new DatabaseTarget("jdbc:mariadb://127.0.0.1:3306/jst", "jst", "Pw-distinctive-1");
        String reference = "${file:/etc/jst/secrets.properties:mysql.password}";
        Map<String, String> config = new SinkConnectors((short) 1, reference)
                .config(Mappings.builtIn().table("saleout_list_query"), db);

        assertThat(config).containsEntry(RowSinkConfig.CONNECTION_URL, db.jdbcUrl())
                .containsEntry(RowSinkConfig.CONNECTION_PASSWORD, reference)
                .containsEntry("transforms.columnLimits." + RowSinkConfig.CONNECTION_PASSWORD, reference)
                .containsEntry("transforms.columnLimits.connection.url", db.jdbcUrl());
        assertThat(config.values()).noneMatch(value -> value.contains("Pw-distinctive-1"));
        assertThat(new SinkConnectors((short) 1).historyConfig(Mappings.builtIn().table("saleout_list_query"), db)
                .values()).noneMatch(value -> value.contains("Pw-distinctive-1"));
    }

    @Test
    void aLiteralWhereThePasswordsReferenceBelongsIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new SinkConnectors((short) 1, "Pw-distinctive-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("provider reference")
                .hasMessageNotContaining("Pw-distinctive-1");
        assertThat(SinkConnectors.isProviderReference("${directory:/run/secrets:mysql_password}")).isTrue();
        assertThat(SinkConnectors.isProviderReference("${env:JST_MYSQL_PASSWORD}")).isTrue();
        assertThat(SinkConnectors.isProviderReference("prefix ${env:X}")).isFalse();
    }
}
