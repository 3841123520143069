package io.jstpipeline.connect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the MySQL tables before the sink writes into them: their types are chosen by the transformer's
 * mapping file, so the sink runs with {@code schema.evolution=none} and never guesses a column.
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
}
