package io.jstpipeline.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.embedded.TlsCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mysql.tls and mysql.tls-ca-file against a MariaDB that refuses unencrypted connections, through the connection
 * every command opens ({@link PipelineConfig#database()}), with MariaDB's driver and with MySQL's Connector/J.
 */
class MysqlTlsIT {

    private static final String USER = "jst_tls";
    private static final String PASSWORD = "tls-it-password";

    private static Path work;
    private static EmbeddedMariaDb mariaDb;
    private static Path wrongCa;

    @BeforeAll
    static void startMariaDbRequiringTls() throws Exception {
        work = Files.createTempDirectory("jst-mysql-tls-it-");
        mariaDb = EmbeddedMariaDb.startWithTls(work.resolve("mariadb"), "jst_tls_it", true);
        wrongCa = TlsCertificates.generate(work.resolve("other-ca")).caFile();
        try (Connection root = DriverManager.getConnection(mariaDb.jdbcUrl() + "?sslMode=trust", EmbeddedMariaDb.USER, "");
             Statement s = root.createStatement()) {
            s.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            s.execute("GRANT SELECT ON jst_tls_it.* TO '" + USER + "'@'%'");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mariadb:", "jdbc:mysql:"})
    void disabledIsRefusedNamingTheKey(String scheme) {
        assertThatThrownBy(() -> connect(scheme, "disabled", null)).isInstanceOf(SQLException.class)
                .hasMessageContaining("mysql.tls").hasMessageContaining("requires TLS")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mariadb:", "jdbc:mysql:"})
    void requiredEncryptsWithoutCheckingTheCertificate(String scheme) throws Exception {
        assertThat(cipher(scheme, "required", null)).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mariadb:", "jdbc:mysql:"})
    void verifyCaAndVerifyIdentityAcceptTheServersCa(String scheme) throws Exception {
        assertThat(cipher(scheme, "verify-ca", mariaDb.tlsCaFile())).isNotBlank();
        assertThat(cipher(scheme, "verify-identity", mariaDb.tlsCaFile())).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mariadb:", "jdbc:mysql:"})
    void verifyCaRefusesAnotherCaInOneLineNamingTheKey(String scheme) {
        assertThatThrownBy(() -> connect(scheme, "verify-ca", wrongCa)).isInstanceOf(SQLException.class)
                .hasMessageContaining("mysql.tls-ca-file").hasMessageContaining(wrongCa.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static String cipher(String scheme, String tls, Path caFile) throws SQLException {
        try (Connection c = connect(scheme, tls, caFile); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(2);
        }
    }

    private static Connection connect(String scheme, String tls, Path caFile) throws SQLException {
        Map<String, String> environment = new HashMap<>(Map.of(
                "JST_MYSQL_URL", mariaDb.jdbcUrl().replace("jdbc:mariadb:", scheme),
                "JST_MYSQL_USER", USER,
                "JST_MYSQL_PASSWORD", PASSWORD,
                "JST_MYSQL_TLS", tls));
        if (caFile != null) {
            environment.put("JST_MYSQL_TLS_CA_FILE", caFile.toString());
        }
        return PipelineConfig.load(null, environment, List.of()).database().connect();
    }
}
