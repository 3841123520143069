package io.jstpipeline.ops;

import io.jstpipeline.connect.DatabaseTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** Reads what a table holds, to tell when the pipeline is done and whether it is right. */
public final class TableRows {

    private final DatabaseTarget database;

    public TableRows(DatabaseTarget database) {
        this.database = database;
    }

    public long count(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public Set<String> ids(String table, String idColumn) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + idColumn + " FROM " + table)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    public Connection connect() throws SQLException {
        return database.connect();
    }
}
