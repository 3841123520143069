package io.jstpipeline.connect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, before the JDBC sink, a text value longer than its MySQL column. The sink fails its whole task
 * on a row the database rejects, blocking every row after it; a transformation's error instead sends just
 * that record to the connector's dead-letter topic (with {@code errors.tolerance=all}) and the rest flows.
 * The limits are read from the table itself ({@code information_schema}), so no column list is written
 * twice; until the database answers, records pass unchecked.
 */
public final class ColumnLimits<R extends ConnectRecord<R>> implements Transformation<R> {

    private static final Logger LOG = LoggerFactory.getLogger(ColumnLimits.class);

    public static final String TABLE = "table";
    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USERNAME = "connection.username";
    public static final String CONNECTION_PASSWORD = "connection.password";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(TABLE, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "The MySQL table whose column lengths apply.")
            .define(CONNECTION_URL, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "JDBC URL of the database holding the table.")
            .define(CONNECTION_USERNAME, ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH, "Database user.")
            .define(CONNECTION_PASSWORD, ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.HIGH, "Database password.");

    private static final String LIMITS = "SELECT COLUMN_NAME, CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS "
            + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CHARACTER_MAXIMUM_LENGTH IS NOT NULL";

    private String table;
    private String url;
    private String user;
    private Password password;
    private volatile Map<String, Long> limits;

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(CONFIG, configs);
        table = config.getString(TABLE);
        url = config.getString(CONNECTION_URL);
        user = config.getString(CONNECTION_USERNAME);
        password = config.getPassword(CONNECTION_PASSWORD);
    }

    @Override
    public R apply(R record) {
        if (!(record.value() instanceof Struct row)) {
            return record; // a tombstone, or nothing this transformation knows
        }
        Map<String, Long> known = limits();
        for (Field field : row.schema().fields()) {
            Long limit = known.get(field.name());
            if (limit != null && field.schema().type() == Schema.Type.STRING && row.get(field) instanceof String text) {
                int length = text.codePointCount(0, text.length());
                if (length > limit) {
                    throw new DataException("column " + field.name() + " of " + table + ": " + length
                            + " characters exceed its " + limit);
                }
            }
        }
        return record;
    }

    private Map<String, Long> limits() {
        if (limits == null) {
            try (Connection c = DriverManager.getConnection(url, user, password.value());
                 PreparedStatement select = c.prepareStatement(LIMITS)) {
                select.setString(1, table);
                Map<String, Long> read = new HashMap<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        read.put(rs.getString(1), rs.getLong(2));
                    }
                }
                limits = read;
            } catch (SQLException e) {
                LOG.warn("cannot read the column limits of {} yet ({}); checking again with the next record", table,
                        e.getMessage());
                return Map.of();
            }
        }
        return limits;
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void close() {
    }
}
