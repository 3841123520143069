package io.jstpipeline.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The MySQL tables, created from the DDL files under {@code ddl/}: types are chosen there, so the sink
 * runs with {@code schema.evolution=none} and never guesses a column.
 */
public final class TableSchema {

    private TableSchema() {
    }

    /** The DDL of one table, as shipped. */
    public static String ddl(String table) {
        String resource = "/ddl/" + table + ".sql";
        try (InputStream in = TableSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no DDL for table " + table);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Creates the table if it does not exist yet. */
    public static void create(DatabaseTarget database, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute(ddl(table));
        }
    }
}
