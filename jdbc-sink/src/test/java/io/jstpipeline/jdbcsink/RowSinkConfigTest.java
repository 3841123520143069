package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RowSinkConfigTest {

    private final Map<String, String> props = new HashMap<>(Map.of(
            RowSinkConfig.CONNECTION_URL, "jdbc:mariadb://db/jst", RowSinkConfig.CONNECTION_PASSWORD, "s3cret",
            RowSinkConfig.TABLE, "saleout_list_query"));

    @Test
    void theDefaultsUpsertByIdAThousandRowsAStatement() {
        RowSinkConfig config = new RowSinkConfig(props);

        assertThat(config.mode()).isEqualTo(RowSinkConfig.Mode.UPSERT);
        assertThat(config.keyColumn()).isEqualTo("id");
        assertThat(config.rowsPerStatement()).isEqualTo(1000);
        assertThat(config.password().value()).isEqualTo("s3cret");
    }

    @Test
    void aBadValueStopsTheConnectorNamingTheKeyAndNeverThePassword() {
        props.put(RowSinkConfig.MODE, "merge");
        assertThatThrownBy(() -> new RowSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(RowSinkConfig.MODE).hasMessageNotContaining("s3cret");

        props.put(RowSinkConfig.MODE, "APPEND");
        props.put(RowSinkConfig.ROWS_PER_STATEMENT, "0");
        assertThatThrownBy(() -> new RowSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(RowSinkConfig.ROWS_PER_STATEMENT);
    }

    @Test
    void tlsBecomesTheDriversOwnPropertiesAndABadOneStopsTheConnectorNamingTheKey() {
        props.put(RowSinkConfig.CONNECTION_TLS, "verify-identity");
        props.put(RowSinkConfig.CONNECTION_TLS_CA_FILE, "/etc/jst/ca.pem");
        assertThat(new RowSinkConfig(props).connectionProperties())
                .containsEntry("sslMode", "verify-full").containsEntry("serverSslCert", "/etc/jst/ca.pem");

        props.put(RowSinkConfig.CONNECTION_TLS, "required");
        assertThatThrownBy(() -> new RowSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(RowSinkConfig.CONNECTION_TLS_CA_FILE);

        props.put(RowSinkConfig.CONNECTION_TLS, "on");
        assertThatThrownBy(() -> new RowSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(RowSinkConfig.CONNECTION_TLS).hasMessageContaining("verify-ca");
    }

    @Test
    void aMissingTableStopsTheConnectorNamingIt() {
        props.remove(RowSinkConfig.TABLE);
        assertThatThrownBy(() -> new RowSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(RowSinkConfig.TABLE);
    }
}
