package io.jstpipeline.connect;

import io.jstpipeline.mapping.TableDdl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the MySQL tables before the sink writes into them, and adds the columns a mapping gained since: their
 * types are chosen by the transformer's mapping file, so the sink runs with {@code schema.evolution=none} and never
 * guesses a column.
 */
public final class TableSchema {

    private TableSchema() {
    }

    /** Runs one {@code CREATE TABLE IF NOT EXISTS} statement. */
    public static void create(DatabaseTarget database, String ddl) throws SQLException {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
    }

    /**
     * Creates the table if it is missing, otherwise brings it to its mapping as {@link TableEvolution} says: adds the
     * columns it lacks, widens those the mapping widened and leaves those the mapping dropped.
     *
     * @param ddl     the table's {@code CREATE TABLE IF NOT EXISTS}
     * @param columns the columns that DDL declares
     * @return what was done, with a warning per column left
     * @throws TableEvolution.ColumnTypeChangedException a column's type differs; nothing is altered then
     */
    public static TableEvolution createOrEvolve(DatabaseTarget database, String table, String ddl,
                                                List<TableDdl.Column> columns) throws SQLException {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement()) {
            statement.execute(ddl);
            TableEvolution evolution = TableEvolution.compare(table, columns, columns(connection, table));
            for (String alter : evolution.statements()) {
                statement.execute(alter);
            }
            return evolution;
        }
    }

    private static List<TableEvolution.DatabaseColumn> columns(Connection connection, String table)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, "
                + "COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
                + "ORDER BY ORDINAL_POSITION")) {
            query.setString(1, table);
            List<TableEvolution.DatabaseColumn> columns = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    columns.add(new TableEvolution.DatabaseColumn(rs.getString(1), rs.getString(2),
                            "YES".equals(rs.getString(3)), rs.getString(4) != null));
                }
            }
            return columns;
        }
    }
}
