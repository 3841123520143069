package io.jstpipeline.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jstpipeline.common.DatabaseTls;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.jstpipeline.jdbcsink.RowConverter;
import io.jstpipeline.jdbcsink.RowSinkConfig;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JDBC sink connectors, one per table. Their configuration is one template, {@code connectors/jst-sink.json}
 * with {@code {table}} where the table's name goes (what a user PUTs to {@code /connectors/<name>/config} of a
 * Connect cluster, with the database taken from the worker's environment); here it is rendered for a table and,
 * for a worker without that environment, pointed at a given database.
 *
 * <p>A rendered connector carries its table's columns from the mapping the transformer uses
 * ({@link RowConverter#COLUMNS_CONFIG}), so that a user's own mappings file reaches the sink without a copy on
 * every worker, and guards its upserts by the mapping's version columns, {@code modified} then {@code ts}.
 */
public final class SinkConnectors {

    /** The mapped table whose row schema the value converter applies (RowConverter's {@code table}). */
    public static final String ROW_SCHEMA_TABLE = "value.converter.table";
    /** The table's columns themselves (RowConverter's {@code columns}). */
    public static final String ROW_COLUMNS = "value.converter." + RowConverter.COLUMNS_CONFIG;
    /** The columns that say which of two rows is newer, most significant first, where a table has them. */
    private static final List<String> VERSION_COLUMNS = List.of("modified", "ts");
    private static final String COLUMN_LIMITS_PREFIX = "transforms.columnLimits.";
    private static final String TEMPLATE = "/connectors/jst-sink.json";
    private static final String DEBEZIUM_TEMPLATE = "/connectors/debezium-sink.json";
    /** The prefix of the Debezium sink's connection settings: url, username, password. */
    private static final String DEBEZIUM_CONNECTION = "connection.";
    private static final String TABLE_PLACEHOLDER = "{table}";
    private static final String REPLICATION_FACTOR_PLACEHOLDER = "{replication-factor}";

    /** The password as the shipped template reads it: from the worker's environment, through EnvVarConfigProvider. */
    public static final String WORKER_ENV_PASSWORD = "${env:JST_MYSQL_PASSWORD}";
    private static final Pattern PROVIDER_REFERENCE = Pattern.compile("\\$\\{[A-Za-z0-9_.-]+:[^{}]+}");

    private final short replicationFactor;
    private final String passwordReference;

    /**
     * @param replicationFactor of the dead-letter topic a connector creates when it is missing
     *                          ({@code kafka.replication-factor}): Connect's default of 3 fails every task on a
     *                          cluster of fewer brokers
     * @param passwordReference where the workers find the MySQL password: a config provider reference such as
     *                          {@link #WORKER_ENV_PASSWORD}, never the password, which would sit in Connect's config
     *                          topic and be readable over its REST API
     * @throws IllegalArgumentException when {@code passwordReference} is no provider reference
     */
    public SinkConnectors(short replicationFactor, String passwordReference) {
        if (!isProviderReference(passwordReference)) {
            throw new IllegalArgumentException("the MySQL password of the sink connectors must be a Connect config "
                    + "provider reference such as " + WORKER_ENV_PASSWORD + ", not a literal");
        }
        this.replicationFactor = replicationFactor;
        this.passwordReference = passwordReference;
    }

    /** Connectors reading the password from the workers' environment, as the shipped template does. */
    public SinkConnectors(short replicationFactor) {
        this(replicationFactor, WORKER_ENV_PASSWORD);
    }

    /** Whether {@code value} is a whole {@code ${provider:path:key}} or {@code ${provider:key}} reference. */
    public static boolean isProviderReference(String value) {
        return PROVIDER_REFERENCE.matcher(value).matches();
    }

    /** The connector writing one table: {@code jst-sink-<table>}. */
    public static String name(String table) {
        return "jst-sink-" + table;
    }

    /** The template rendered for {@code table}, with {@code ${env:…}} placeholders for the database. */
    public Map<String, String> config(TableMapping table) {
        return config(table, table.name());
    }

    private Map<String, String> config(TableMapping table, String target) {
        Map<String, String> config = template(TEMPLATE);
        config.replaceAll((key, value) -> value.replace(TABLE_PLACEHOLDER, target)
                .replace(REPLICATION_FACTOR_PLACEHOLDER, Short.toString(replicationFactor)));
        config.put(ROW_SCHEMA_TABLE, table.name());
        config.put(ROW_COLUMNS, RowConverter.columnsConfig(table));
        config.put(RowSinkConfig.VERSION_COLUMNS, String.join(",", versionColumns(table)));
        return config;
    }

    /** The columns a table's upserts are guarded by: {@code modified}, then {@code ts}, as far as it has them. */
    public static List<String> versionColumns(TableMapping table) {
        return VERSION_COLUMNS.stream()
                .takeWhile(name -> table.columns().stream().anyMatch(c -> c.name().equals(name))).toList();
    }

    private static Map<String, String> template(String resource) {
        try (InputStream in = SinkConnectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return Json.MAPPER.readValue(in, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The Debezium JDBC sink connector writing one table: {@code debezium-sink-<table>}. */
    public static String debeziumName(String table) {
        return "debezium-sink-" + table;
    }

    /**
     * Debezium's JDBC sink as a consumer of a table's row topic, from the template
     * {@code connectors/debezium-sink.json}: {@link RowConverter} gives the flat rows their schema, the row id
     * (the record key, a string, made a struct of one field {@code id} by Connect's {@code HoistField$Key}: Debezium
     * 3.6 casts a record key to a struct) is the primary key, rows are upserted and tombstones delete. The table must exist
     * (no schema evolution: the mapping's DDL makes it). A record it cannot write stops its task, as Connect does by
     * default: it has no dead-letter topic of its own, and sharing the row sink's would count its failures twice.
     */
    public Map<String, String> debeziumConfig(TableMapping table) {
        Map<String, String> config = template(DEBEZIUM_TEMPLATE);
        config.replaceAll((key, value) -> value.replace(TABLE_PLACEHOLDER, table.name()));
        config.put(ROW_COLUMNS, RowConverter.columnsConfig(table));
        return config;
    }

    /**
     * Debezium's JDBC sink of a table pointed at one database, e.g. a second one beside the row sink's. Debezium
     * takes no TLS settings of its own: a database reached over TLS names it in its JDBC URL ({@code sslMode=…}).
     *
     * @throws IllegalArgumentException when the database has {@value DatabaseTarget#TLS_KEY} settings
     */
    public Map<String, String> debeziumConfig(TableMapping table, DatabaseTarget database) {
        if (!database.tls().equals(DatabaseTls.DRIVER_DEFAULT)) {
            throw new IllegalArgumentException("the Debezium sink reads TLS from the JDBC URL only: leave "
                    + DatabaseTarget.TLS_KEY + " and " + DatabaseTarget.TLS_CA_FILE_KEY + " unset and put the driver's "
                    + "sslMode (and trust store) into mysql.url");
        }
        Map<String, String> config = debeziumConfig(table);
        config.put(DEBEZIUM_CONNECTION + "url", database.jdbcUrl());
        config.put(DEBEZIUM_CONNECTION + "username", database.user());
        config.put(DEBEZIUM_CONNECTION + "password", database.password().isEmpty() ? "" : passwordReference);
        return config;
    }

    /** The connector appending every version of a table's rows to {@code <table>_history}. */
    public static String historyName(String table) {
        return name(table) + "-history";
    }

    /**
     * A second consumer of the same row topic: every row record appended to {@code <table>_history}, keyed
     * by its place in Kafka; tombstones are skipped, as history keeps what was.
     */
    public Map<String, String> historyConfig(TableMapping table, DatabaseTarget database) {
        Map<String, String> config = config(table, database);
        String history = TableDdl.historyName(table);
        config.put(RowSinkConfig.TABLE, history);
        config.put(RowSinkConfig.MODE, "append");
        config.put("errors.deadletterqueue.topic.name", Topics.sinkDlq(history));
        return config;
    }

    /**
     * The configuration pointed at one database, for a worker that has no such environment: the sink's
     * connection and that of the transformation checking column lengths. The password is the reference, never
     * the database's password itself (an empty one, of a test database, stays empty).
     */
    public Map<String, String> config(TableMapping table, DatabaseTarget database) {
        return config(table, database, table.name());
    }

    /**
     * The connector of table {@code table} pointed at one database, moved to another row topic and table
     * ({@code target}, e.g. a staging copy) whose rows have {@code table}'s schema.
     */
    public Map<String, String> config(TableMapping table, DatabaseTarget database, String target) {
        Map<String, String> config = config(table, target);
        for (String prefix : new String[] {"", COLUMN_LIMITS_PREFIX}) {
            config.put(prefix + RowSinkConfig.CONNECTION_URL, database.jdbcUrl());
            config.put(prefix + RowSinkConfig.CONNECTION_USERNAME, database.user());
            config.put(prefix + RowSinkConfig.CONNECTION_PASSWORD, database.password().isEmpty() ? "" : passwordReference);
            if (database.tls().mode() != null) {
                config.put(prefix + RowSinkConfig.CONNECTION_TLS, database.tls().mode().toString());
            }
            if (database.tls().caFile() != null) {
                config.put(prefix + RowSinkConfig.CONNECTION_TLS_CA_FILE, database.tls().caFile().toString());
            }
        }
        return config;
    }
}
