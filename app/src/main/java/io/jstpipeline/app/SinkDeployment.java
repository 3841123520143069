package io.jstpipeline.app;

import io.jstpipeline.connect.ConfigDifference;
import io.jstpipeline.connect.ConfigSecrets;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.TableEvolution;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tables' sink connectors put to a Kafka Connect cluster, as {@code connectors apply} and {@code run} do.
 * With a database given, its tables are created first, or given the columns the mapping gained (the sinks do not
 * evolve schemas), and the connectors write there; without, the connectors as shipped read the database from the
 * workers' environment.
 */
final class SinkDeployment {

    /** Which connector writes the tables' rows from their row topics. */
    enum Sink {
        /** The project's row sink, {@code jst-sink-<table>}. */
        ROW,
        /** Debezium's JDBC sink, {@code debezium-sink-<table>}: the standard connector on the same row topics. */
        DEBEZIUM;

        String connector(String table) {
            return this == DEBEZIUM ? SinkConnectors.debeziumName(table) : SinkConnectors.name(table);
        }
    }

    private final ConnectRestClient rest;
    private final SinkConnectors sinks;
    private final Mappings mappings;
    private final DatabaseTarget database;
    private final int tasksMax;
    private final Sink sink;

    /** @param database null: the workers' environment (JST_MYSQL_URL, …) names it */
    SinkDeployment(ConnectRestClient rest, SinkConnectors sinks, Mappings mappings, DatabaseTarget database,
                   int tasksMax, Sink sink) {
        this.rest = rest;
        this.sink = sink;
        this.sinks = sinks;
        this.mappings = mappings;
        this.database = database;
        this.tasksMax = tasksMax;
    }

    /** The tables the connectors write: every mapped table, and with {@code history} their history tables. */
    List<String> tables(boolean history) {
        List<String> tables = new ArrayList<>(mappings.tables().stream().map(TableMapping::name).toList());
        if (history) {
            mappings.tables().forEach(table -> tables.add(TableDdl.historyName(table)));
        }
        return tables;
    }

    /** The table connectors' names, e.g. for the sink watchdog. */
    List<String> connectors() {
        return mappings.tables().stream().map(t -> sink.connector(t.name())).toList();
    }

    /** A connector as it would be put: its name, the table it writes and its configuration. */
    record Planned(String connector, String table, Map<String, String> config) {
    }

    /**
     * The connectors {@link #apply} puts: every table's, and with {@code history} the history tables' after them.
     *
     * @throws IllegalArgumentException for {@code history} without a database
     */
    List<Planned> planned(boolean history) {
        if (history && database == null) {
            throw new IllegalArgumentException("--history needs mysql.url (--mysql-url), to create the history tables");
        }
        List<Planned> planned = new ArrayList<>();
        for (TableMapping table : mappings.tables()) {
            planned.add(new Planned(sink.connector(table.name()), table.name(), withTasks(config(table))));
        }
        if (history) {
            for (TableMapping table : mappings.tables()) {
                planned.add(new Planned(SinkConnectors.historyName(table.name()), TableDdl.historyName(table),
                        withTasks(sinks.historyConfig(table, database))));
            }
        }
        return planned;
    }

    /**
     * Creates the tables (given a database) and puts every table's connector, and with {@code history} the
     * history tables and their connectors too; then waits until every one runs.
     */
    void apply(boolean history, Duration timeout, PrintWriter out) throws Exception {
        List<Planned> planned = planned(history);
        // Every table first, so that a changed column type stops before any connector changes.
        if (database != null) {
            for (TableMapping table : mappings.tables()) {
                createOrEvolve(table.name(), TableDdl.createTable(table), TableDdl.columns(table), out);
                if (history) {
                    createOrEvolve(TableDdl.historyName(table), TableDdl.createHistoryTable(table),
                            TableDdl.historyColumns(table), out);
                }
            }
        }
        for (Planned connector : planned) {
            rest.putConnector(connector.connector(), connector.config());
            out.printf("put %s (table %s)%n", connector.connector(), connector.table());
        }
        for (Planned connector : planned) {
            out.printf("%s %s%n", connector.connector(),
                    rest.awaitRunning(connector.connector(), timeout).connector());
        }
        out.flush();
    }

    /**
     * What {@link #apply} would put, secrets masked, and how each differs from the connector on the cluster
     * ({@code new}, {@code unchanged} or a line per key); creates, changes and puts nothing.
     */
    void dryRun(boolean history, PrintWriter out) throws Exception {
        for (Planned connector : planned(history)) {
            out.printf("%s (table %s) would be put:%n", connector.connector(), connector.table());
            ConfigSecrets.shown(connector.config()).forEach((key, value) -> out.printf("  %s = %s%n", key, value));
            Map<String, String> onCluster;
            try {
                onCluster = rest.config(connector.connector());
            } catch (ConnectRestClient.ConnectApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                out.printf("%s: new%n", connector.connector());
                continue;
            }
            ConfigDifference difference = ConfigDifference.between(onCluster, connector.config());
            if (difference.unchanged()) {
                out.printf("%s: unchanged%n", connector.connector());
            } else {
                out.printf("%s: %d key(s) differ from the cluster's%n", connector.connector(), difference.lines().size());
                difference.lines().forEach(line -> out.println("  " + line));
            }
        }
        out.flush();
    }

    /** Creates the table, or adds the columns the mapping gained and widens those it widened; a line per column. */
    private void createOrEvolve(String name, String ddl, List<TableDdl.Column> columns, PrintWriter out)
            throws SQLException {
        TableEvolution evolution = TableSchema.createOrEvolve(database, name, ddl, columns);
        evolution.added().forEach(column -> out.printf("table %s: added column %s%n", name, column.definition()));
        evolution.widened().forEach(widening -> out.printf("table %s: widened column %s from %s to %s%n", name,
                widening.to().name(), widening.from().columnType(), widening.to().type().sql()));
        evolution.warnings().forEach(warning -> out.println("warning: " + warning));
    }

    private Map<String, String> config(TableMapping table) {
        return switch (sink) {
            case ROW -> database == null ? sinks.config(table) : sinks.config(table, database);
            case DEBEZIUM -> database == null ? sinks.debeziumConfig(table) : sinks.debeziumConfig(table, database);
        };
    }

    private Map<String, String> withTasks(Map<String, String> config) {
        config.put("tasks.max", Integer.toString(tasksMax));
        return config;
    }
}
