package io.jstpipeline.common;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * Connections to MySQL or MariaDB that cannot hang: both drivers wait for ever by default, so a half-open
 * connection (a database host gone without a reset) would stall whatever holds it. Both drivers read the same
 * {@code connectTimeout} and {@code socketTimeout} properties, in milliseconds; a URL that names one keeps its own.
 * The encryption ({@link DatabaseTls}) is added in the driver's own terms.
 */
public final class DatabaseConnections {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than any statement the pipeline runs, a lock wait included (InnoDB gives up after 50 s). */
    public static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(2);

    private DatabaseConnections() {
    }

    /** A connection with the default timeouts, unless {@code url} names its own. */
    public static Connection open(String url, String user, String password, DatabaseTls tls) throws SQLException {
        return DriverManager.getConnection(url, properties(url, user, password, tls, CONNECT_TIMEOUT, SOCKET_TIMEOUT));
    }

    /** The driver properties: the credentials, the encryption and the timeouts {@code url} does not name. */
    public static Properties properties(String url, String user, String password, DatabaseTls tls,
                                        Duration connectTimeout, Duration socketTimeout) {
        Properties properties = tls.driverProperties(url);
        if (user != null && !user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        String lowerUrl = url.toLowerCase(Locale.ROOT);
        if (!lowerUrl.contains("connecttimeout=")) {
            properties.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
        }
        if (!lowerUrl.contains("sockettimeout=")) {
            properties.setProperty("socketTimeout", Long.toString(socketTimeout.toMillis()));
        }
        return properties;
    }
}
