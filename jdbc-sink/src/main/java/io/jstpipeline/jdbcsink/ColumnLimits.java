package io.jstpipeline.jdbcsink;

import io.jstpipeline.common.DatabaseConnections;
import io.jstpipeline.common.DatabaseTls;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.components.Versioned;
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
public final class ColumnLimits<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    private static final Logger LOG = LoggerFactory.getLogger(ColumnLimits.class);

    public static final String TABLE = "table";
    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USERNAME = "connection.username";
    public static final String CONNECTION_PASSWORD = "connection.password";

    private static final ConfigDef CONFIG = RowSinkConfig.defineTls(new ConfigDef()
            .define(TABLE, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "The MySQL table whose column lengths apply.")
            .define(CONNECTION_URL, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "JDBC URL of the database holding the table.")
            .define(CONNECTION_USERNAME, ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH, "Database user.")
            .define(CONNECTION_PASSWORD, ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.HIGH, "Database password."));

    private static final String LIMITS = "SELECT COLUMN_NAME, CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS "
            + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CHARACTER_MAXIMUM_LENGTH IS NOT NULL";

    private String table;
    private String url;
    private String user;
    private Password password;
    private DatabaseTls tls;
    private volatile Map<String, Long> limits;
    /** The schema {@link #limited} is of: a task's transformation sees one thread and, mostly, one schema. */
    private Schema limitedSchema;
    private List<Limit> limited;

    @Override
    public void configure(Map<String, ?> configs) {
        AbstractConfig config = new AbstractConfig(CONFIG, configs);
        table = config.getString(TABLE);
        url = config.getString(CONNECTION_URL);
        user = config.getString(CONNECTION_USERNAME);
        password = config.getPassword(CONNECTION_PASSWORD);
        tls = RowSinkConfig.tls(config);
    }

    @Override
    public R apply(R record) {
        if (!(record.value() instanceof Struct row)) {
            return record; // a tombstone, or nothing this transformation knows
        }
        for (Limit limit : limitsOf(row.schema())) {
            // A text no longer in chars than the limit cannot be longer in characters: most skip the count.
            if (row.get(limit.field()) instanceof String text && text.length() > limit.characters()) {
                int length = text.codePointCount(0, text.length());
                if (length > limit.characters()) {
                    throw new DataException("column " + limit.field().name() + " of " + table + ": " + length
                            + " characters exceed its " + limit.characters());
                }
            }
        }
        return record;
    }

    /**
     * The limited text fields of a schema, worked out once per schema (a row topic has one) instead of looking
     * every field's name up in every record.
     */
    private List<Limit> limitsOf(Schema schema) {
        if (schema == limitedSchema) {
            return limited;
        }
        Map<String, Long> known = limits();
        List<Limit> found = new ArrayList<>();
        for (Field field : schema.fields()) {
            Long characters = known.get(field.name());
            if (characters != null && field.schema().type() == Schema.Type.STRING) {
                found.add(new Limit(field, characters));
            }
        }
        if (limits != null) { // not while the database has not answered yet
            limitedSchema = schema;
            limited = found;
        }
        return found;
    }

    private record Limit(Field field, long characters) {
    }

    private Map<String, Long> limits() {
        if (limits == null) {
            try (Connection c = RowSinkConfig.connect(url,
                    DatabaseConnections.properties(url, user, password.value(), tls,
                            DatabaseConnections.CONNECT_TIMEOUT, DatabaseConnections.SOCKET_TIMEOUT), tls);
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

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }
}
