package io.jstpipeline.jdbcsink;

import io.jstpipeline.common.DatabaseConnections;
import io.jstpipeline.common.DatabaseTls;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** What a {@link RowSinkConnector} writes where, and how it rides out a database that is away. */
public final class RowSinkConfig extends AbstractConfig {

    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USERNAME = "connection.username";
    public static final String CONNECTION_PASSWORD = "connection.password";
    public static final String CONNECTION_TLS = "connection.tls";
    public static final String CONNECTION_TLS_CA_FILE = "connection.tls.ca.file";
    public static final String TABLE = "table";
    public static final String MODE = "mode";
    public static final String KEY_COLUMN = "key.column";
    public static final String ROWS_PER_STATEMENT = "rows.per.statement";
    public static final String VERSION_COLUMNS = "version.columns";
    public static final String CONNECT_TIMEOUT_MS = "connection.connect.timeout.ms";
    public static final String SOCKET_TIMEOUT_MS = "connection.socket.timeout.ms";
    public static final String RETRY_MAX = "retry.max";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";

    /** How records become rows. */
    public enum Mode {
        /** One row per key: the latest record wins, a tombstone deletes the row. */
        UPSERT,
        /** One row per record, keyed by its place in Kafka ({@link RowStatements#KAFKA_COLUMNS}); tombstones are skipped. */
        APPEND
    }

    public static final ConfigDef CONFIG_DEF = defineTls(new ConfigDef()
            .define(CONNECTION_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "JDBC URL of the database: jdbc:mysql://… or jdbc:mariadb://….")
            .define(CONNECTION_USERNAME, Type.STRING, "", Importance.HIGH, "Database user.")
            .define(CONNECTION_PASSWORD, Type.PASSWORD, "", Importance.HIGH, "Database password."))
            .define(TABLE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The table the rows go to. It must exist: its columns are the record value's fields.")
            .define(MODE, Type.STRING, Mode.UPSERT.name().toLowerCase(), ConfigDef.CaseInsensitiveValidString.in("upsert", "append"),
                    Importance.HIGH, "upsert: a row per key, tombstones delete it; append: a row per record, "
                            + "keyed by topic, partition and offset (a history).")
            .define(KEY_COLUMN, Type.STRING, "id", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "The column the record key fills (upsert); a struct key's field of that name, or the key itself.")
            .define(ROWS_PER_STATEMENT, Type.INT, 1000, ConfigDef.Range.between(1, 10_000), Importance.MEDIUM,
                    "Rows in one multi-row INSERT statement; a batch of records is written in one transaction.")
            .define(VERSION_COLUMNS, Type.LIST, "", Importance.MEDIUM,
                    "upsert: the columns holding a row's version, most significant first (e.g. modified,ts). A row in "
                            + "the table is only replaced by one whose version is not older; empty: the last record wins.")
            .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How long opening a database connection may take, in milliseconds.")
            .define(SOCKET_TIMEOUT_MS, Type.INT, 120_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How long the database may stay silent while a statement runs, in milliseconds, before the "
                            + "connection counts as broken: a half-open connection must not hang the task for ever. "
                            + "A connectTimeout or socketTimeout in the URL wins over these two.")
            .define(RETRY_MAX, Type.INT, 40, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Retries of a batch while the database is unreachable, before the task fails.")
            .define(RETRY_BACKOFF_MS, Type.LONG, 3000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Wait between those retries, in milliseconds.");

    public RowSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        tls(this);
    }

    /** The encryption keys, which {@link ColumnLimits}' connection takes too. */
    static ConfigDef defineTls(ConfigDef def) {
        return def
                .define(CONNECTION_TLS, Type.STRING, "", (name, value) -> {
                    if (value != null && !value.toString().isBlank()) {
                        try {
                            DatabaseTls.Mode.of(value.toString());
                        } catch (IllegalArgumentException e) {
                            throw new ConfigException(name, value, e.getMessage());
                        }
                    }
                }, Importance.HIGH, "How the connection is encrypted: " + DatabaseTls.Mode.NAMES + " (verify-identity: "
                        + "the certificate must also name the URL's host); empty: the driver's default.")
                .define(CONNECTION_TLS_CA_FILE, Type.STRING, "", Importance.HIGH, "With verify-ca or verify-identity: "
                        + "a PEM file on the worker holding the CA certificate(s) the database's certificate must chain "
                        + "to; empty: the JVM's trusted CAs.");
    }

    /** @throws ConfigException naming the key when a CA file is given to a mode that does not verify */
    static DatabaseTls tls(AbstractConfig config) {
        String mode = config.getString(CONNECTION_TLS);
        String caFile = config.getString(CONNECTION_TLS_CA_FILE);
        try {
            return new DatabaseTls(mode.isBlank() ? null : DatabaseTls.Mode.of(mode),
                    caFile.isBlank() ? null : Path.of(caFile));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CONNECTION_TLS_CA_FILE, caFile, e.getMessage());
        }
    }

    /**
     * A connection as {@link #connectionProperties()} say.
     *
     * @throws SQLException a TLS failure in one line naming {@value #CONNECTION_TLS} or {@value #CONNECTION_TLS_CA_FILE}
     */
    static Connection connect(String url, Properties properties, DatabaseTls tls) throws SQLException {
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw tls.explain(e, CONNECTION_TLS, CONNECTION_TLS_CA_FILE);
        }
    }

    public DatabaseTls tls() {
        return tls(this);
    }

    public String url() {
        return getString(CONNECTION_URL);
    }

    public String user() {
        return getString(CONNECTION_USERNAME);
    }

    public Password password() {
        return getPassword(CONNECTION_PASSWORD);
    }

    public String table() {
        return getString(TABLE);
    }

    public Mode mode() {
        return Mode.valueOf(getString(MODE).toUpperCase());
    }

    public String keyColumn() {
        return getString(KEY_COLUMN);
    }

    public int rowsPerStatement() {
        return getInt(ROWS_PER_STATEMENT);
    }

    /** The version columns, most significant first; empty in append mode, where every record is a row of its own. */
    public List<String> versionColumns() {
        return mode() == Mode.APPEND ? List.of() : getList(VERSION_COLUMNS);
    }

    /** The driver properties of every connection: the user, the password, the encryption and the timeouts. */
    public Properties connectionProperties() {
        return DatabaseConnections.properties(url(), user(), password().value(), tls(),
                Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS)), Duration.ofMillis(getInt(SOCKET_TIMEOUT_MS)));
    }

    /** A connection to the table's database. */
    public Connection connect() throws SQLException {
        return connect(url(), connectionProperties(), tls());
    }

    public int retryMax() {
        return getInt(RETRY_MAX);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }
}
