package io.jstpipeline.app;

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

    /**
     * Creates the tables (given a database) and puts every table's connector, and with {@code history} the
     * history tables and their connectors too; then waits until every one runs.
     */
    void apply(boolean history, Duration timeout, PrintWriter out) throws Exception {
        if (history && database == null) {
            throw new IllegalArgumentException("--history needs mysql.url (--mysql-url), to create the history tables");
        }
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
        for (TableMapping table : mappings.tables()) {
            put(sink.connector(table.name()), config(table));
            out.printf("put %s (table %s)%n", sink.connector(table.name()), table.name());
        }
        if (history) {
            for (TableMapping table : mappings.tables()) {
                put(SinkConnectors.historyName(table.name()), sinks.historyConfig(table, database));
                out.printf("put %s (table %s)%n", SinkConnectors.historyName(table.name()), TableDdl.historyName(table));
            }
        }
        for (TableMapping table : mappings.tables()) {
            out.printf("%s %s%n", sink.connector(table.name()),
                    rest.awaitRunning(sink.connector(table.name()), timeout).connector());
            if (history) {
                out.printf("%s %s%n", SinkConnectors.historyName(table.name()),
                        rest.awaitRunning(SinkConnectors.historyName(table.name()), timeout).connector());
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

    private void put(String connector, Map<String, String> config) throws java.io.IOException, InterruptedException {
        config.put("tasks.max", Integer.toString(tasksMax));
        rest.putConnector(connector, config);
    }
}
