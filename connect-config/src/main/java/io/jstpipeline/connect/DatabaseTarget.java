package io.jstpipeline.connect;

import io.jstpipeline.common.DatabaseConnections;
import io.jstpipeline.common.DatabaseTls;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Where rows are written: a JDBC URL ({@code jdbc:mysql:} for MySQL, {@code jdbc:mariadb:} for
 * MariaDB), credentials and how the connection is encrypted. The password never appears in {@link #toString()}.
 */
public record DatabaseTarget(String jdbcUrl, String user, String password, DatabaseTls tls) {

    /** The configuration keys {@link #tls} comes from, named when TLS fails. */
    public static final String TLS_KEY = "mysql.tls";
    public static final String TLS_CA_FILE_KEY = "mysql.tls-ca-file";

    public DatabaseTarget {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("mysql url must be a JDBC URL (jdbc:mysql://… or jdbc:mariadb://…)");
        }
        password = password == null ? "" : password;
        tls = Objects.requireNonNullElse(tls, DatabaseTls.DRIVER_DEFAULT);
    }

    /** A target encrypted as the driver does by default. */
    public DatabaseTarget(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, DatabaseTls.DRIVER_DEFAULT);
    }

    /**
     * A connection with {@link DatabaseConnections}' timeouts, unless the URL names its own.
     *
     * @throws SQLException a TLS failure in one line naming {@value #TLS_KEY} or {@value #TLS_CA_FILE_KEY}
     */
    public Connection connect() throws SQLException {
        try {
            return DatabaseConnections.open(jdbcUrl, user, password, tls);
        } catch (SQLException e) {
            throw tls.explain(e, TLS_KEY, TLS_CA_FILE_KEY);
        }
    }

    /** The URL with any password it carries ({@code ?password=…}, {@code //user:pass@}) masked, for printing. */
    public String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/:@]+):[^/@]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + redactedUrl() + ", user=" + user + ", password=***, tls=" + tls + "]";
    }
}
