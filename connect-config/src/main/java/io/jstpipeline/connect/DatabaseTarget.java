package io.jstpipeline.connect;

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

    /** The URL with any password it carries ({@code ?password=…}, {@code //user:pass@}) masked, for printing. */
    public String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/:@]+):[^/@]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + redactedUrl() + ", user=" + user + ", password=***]";
    }
}
