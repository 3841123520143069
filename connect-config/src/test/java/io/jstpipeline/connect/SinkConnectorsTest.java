package io.jstpipeline.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.common.DatabaseTls;
import io.jstpipeline.jdbcsink.RowConverter;
import io.jstpipeline.jdbcsink.RowSinkConfig;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one connector template, rendered for every table of the mapping file. */
class SinkConnectorsTest {

    @Test
    void theTemplateRendersAValidRowSinkConfigurationForEveryTable() {
        for (TableMapping table : Mappings.builtIn().tables()) {
            Map<String, String> config = new SinkConnectors((short) 2).config(table);
            assertThat(config.values()).as(table.name()).noneMatch(value -> value.matches(".*\\{[a-z-]+}.*"));
            assertThat(config).containsEntry("topics", "jst.rows." + table.name())
                    .containsEntry(RowSinkConfig.TABLE, table.name())
                    .containsEntry("errors.deadletterqueue.topic.name", "jst.dlq.sink." + table.name())
                    .as("a connector creating its dead-letter topic uses the configured replication factor, not "
                            + "Connect's 3").containsEntry("errors.deadletterqueue.topic.replication.factor", "2")
                    .containsEntry(SinkConnectors.ROW_SCHEMA_TABLE, table.name())
                    .containsEntry(SinkConnectors.ROW_COLUMNS, RowConverter.columnsConfig(table))
                    .containsEntry(RowSinkConfig.VERSION_COLUMNS, "modified,ts");
            assertThat(RowSinkConfig.CONFIG_DEF.validate(config)).as(table.name())
                    .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
        }
    }

    @Test
    void aTableWithoutVersionColumnsIsUpsertedUnguarded() {
        TableMapping order = Mappings.builtIn().table("order_list_query");
        TableMapping unversioned = new TableMapping("plain", order.flow(), order.documentId(), order.explode(),
                order.keepEmpty(), order.rowId(), order.emptyRowId(),
                order.columns().stream().filter(c -> !c.name().equals("modified")).toList(), order.skip(), List.of());
        assertThat(new SinkConnectors((short) 1).config(unversioned)).containsEntry(RowSinkConfig.VERSION_COLUMNS, "");
    }

    @Test
    void aStagingCopyWritesAnotherTableWithTheLiveTablesRowSchema() {
        Map<String, String> config = new SinkConnectors((short) 1).config(Mappings.builtIn().table("order_list_query"),
                new DatabaseTarget("jdbc:mariadb://127.0.0.1:3306/jst", "jst", "secret"), "order_list_query_replay");
        assertThat(config).containsEntry("topics", "jst.rows.order_list_query_replay")
                .containsEntry(RowSinkConfig.TABLE, "order_list_query_replay")
                .containsEntry(SinkConnectors.ROW_SCHEMA_TABLE, "order_list_query")
                .containsEntry(RowSinkConfig.CONNECTION_URL, "jdbc:mariadb://127.0.0.1:3306/jst")
                .containsEntry("transforms.columnLimits." + RowSinkConfig.CONNECTION_URL, "jdbc:mariadb://127.0.0.1:3306/jst");
    }

    @Test
    void theDatabasesTlsReachesTheSinkAndTheColumnLimitsConnection() {
        DatabaseTls tls = new DatabaseTls(DatabaseTls.Mode.VERIFY_CA, Path.of("/etc/jst/ca.pem"));
        Map<String, String> config = new SinkConnectors((short) 1).config(Mappings.builtIn().table("order_list_query"),
                new DatabaseTarget("jdbc:mysql://db:3306/jst", "jst", "secret", tls));
        for (String prefix : List.of("", "transforms.columnLimits.")) {
            assertThat(config).containsEntry(prefix + RowSinkConfig.CONNECTION_TLS, "verify-ca")
                    .containsEntry(prefix + RowSinkConfig.CONNECTION_TLS_CA_FILE, "/etc/jst/ca.pem");
        }
        assertThat(RowSinkConfig.CONFIG_DEF.validate(config))
                .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    }

    @Test
    void debeziumsSinkReadsTheRowTopicWithTheRowSchemaUpsertingByTheRowIdAndDeletingOnTombstones() {
        for (TableMapping table : Mappings.builtIn().tables()) {
            Map<String, String> config = new SinkConnectors((short) 1).debeziumConfig(table,
                    new DatabaseTarget("jdbc:mariadb://127.0.0.1:3306/jst_copy", "jst", "secret"));
            assertThat(config.values()).as(table.name()).noneMatch(value -> value.matches(".*\\{[a-z-]+}.*"));
            assertThat(config).containsEntry("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector")
                    .containsEntry("topics", "jst.rows." + table.name())
                    .containsEntry("collection.name.format", table.name())
                    .containsEntry("insert.mode", "upsert")
                    .containsEntry("primary.key.mode", "record_key")
                    .containsEntry("primary.key.fields", "id")
                    .containsEntry("transforms.keyStruct.type", "org.apache.kafka.connect.transforms.HoistField$Key")
                    .containsEntry("delete.enabled", "true")
                    .containsEntry("value.converter", RowConverter.class.getName())
                    .containsEntry(SinkConnectors.ROW_SCHEMA_TABLE, table.name())
                    .containsEntry(SinkConnectors.ROW_COLUMNS, RowConverter.columnsConfig(table))
                    .containsEntry("connection.url", "jdbc:mariadb://127.0.0.1:3306/jst_copy")
                    .as("the password as a config provider reference, never the literal")
                    .containsEntry("connection.password", SinkConnectors.WORKER_ENV_PASSWORD);
        }
        assertThat(SinkConnectors.debeziumName("order_list_query")).isEqualTo("debezium-sink-order_list_query");
    }

    @Test
    void debeziumsSinkAsShippedReadsTheDatabaseFromTheWorkersEnvironment() {
        assertThat(new SinkConnectors((short) 1).debeziumConfig(Mappings.builtIn().table("order_list_query")))
                .containsEntry("connection.url", "${env:JST_MYSQL_URL}")
                .containsEntry("connection.password", SinkConnectors.WORKER_ENV_PASSWORD);
    }

    @Test
    void debeziumsSinkRefusesTlsSettingsItWouldIgnore() {
        DatabaseTarget tls = new DatabaseTarget("jdbc:mysql://db:3306/jst", "jst", "secret",
                new DatabaseTls(DatabaseTls.Mode.REQUIRED, null));
        assertThatThrownBy(() -> new SinkConnectors((short) 1).debeziumConfig(Mappings.builtIn().table("order_list_query"), tls))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mysql.tls")
                .hasMessageContaining("mysql.url");
    }
}
