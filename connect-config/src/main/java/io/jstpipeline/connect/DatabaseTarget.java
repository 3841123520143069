package io.jstpipeline.connect;

import io.jstpipeline.common.DatabaseConnections;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where rows are written: a JDBC URL ({@code jdbc:mysql:} for MySQL, {@code jdbc:mariadb:} for
 * MariaDB) and credentials. The password never appears in {@link #toString()}.
 */
public record DatabaseTarget(String jdbcUrl, String user, String password) {

    public DatabaseTarget {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("mysql url must be a JDBC URL (jdbc:mysql://… or jdbc:mariadb://…)");
        }
        password = password == null ? "" : password;
    }

    /** A connection with {@link DatabaseConnections}' timeouts, unless the URL names its own. */
    public Connection connect() throws SQLException {
        return DatabaseConnections.open(jdbcUrl, user, password);
    }

    /** The URL with any password it carries ({@code ?password=…}, {@code //user:pass@}) masked, for printing. */
    public String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/:@]+):[^/@]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + redactedUrl() + ", user=" + user + ", password=***]";
    }
}
