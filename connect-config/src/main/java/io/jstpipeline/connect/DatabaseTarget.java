package io.jstpipeline.connect;

/**
 * Where rows are written: a JDBC URL ({@code jdbc:mysql:} for MySQL, {@code jdbc:mariadb:} for
 * MariaDB) and credentials. The password never appears in {@link #toString()}.
 */
public record DatabaseTarget(String jdbcUrl, String user, String password) {

    public DatabaseTarget {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("mysql url must be a JDBC URL (jdbc:mysql://… or jdbc:mariadb://…), got: "
                    + jdbcUrl);
        }
        password = password == null ? "" : password;
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + jdbcUrl + ", user=" + user + ", password=***]";
    }
}
