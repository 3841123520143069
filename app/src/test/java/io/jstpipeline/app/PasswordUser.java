package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/**
 * A MySQL user of the shared stack with a password of its own, as a real deployment has, and the file the
 * in-process Connect worker reads that password from ({@code ${file:…}}): so that a test can show where the
 * password goes and where it must not.
 */
final class PasswordUser {

    static final String USER = "jst_password_it";
    /** Distinctive, so that finding it anywhere is no coincidence. */
    static final String PASSWORD = "Pw-9f3c-never-at-rest";

    private final DatabaseTarget database;
    private final String reference;

    private PasswordUser(DatabaseTarget database, String reference) {
        this.database = database;
        this.reference = reference;
    }

    static PasswordUser create(DemoPipeline pipeline, Path dir) throws Exception {
        DatabaseTarget root = pipeline.stack().database();
        String schema = URI.create(root.jdbcUrl().substring("jdbc:".length())).getPath().substring(1);
        try (Connection c = root.connect(); Statement s = c.createStatement()) {
            for (String host : new String[] {"localhost", "127.0.0.1", "%"}) {
                s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'");
                s.execute("GRANT ALL ON `" + schema + "`.* TO '" + USER + "'@'" + host + "'");
            }
        }
        Path secrets = dir.resolve("connect-secrets.properties");
        Files.writeString(secrets, "mysql.password=" + PASSWORD + "\n");
        return new PasswordUser(new DatabaseTarget(root.jdbcUrl(), USER, PASSWORD),
                "${file:" + secrets + ":mysql.password}");
    }

    DatabaseTarget database() {
        return database;
    }

    /** What a command is given: the password in its environment, the workers' reference to it. */
    Map<String, String> environment() {
        return Map.of("JST_MYSQL_PASSWORD", PASSWORD, "JST_CONNECT_MYSQL_PASSWORD_REF", reference);
    }

    /** Reads every connector's configuration back over Connect's REST API: none may hold the password. */
    static void assertNoConnectorHoldsThePassword(DemoPipeline pipeline) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = pipeline.stack().connectRest().baseUrl().replaceAll("/$", "");
        for (String connector : pipeline.stack().connectRest().connectors()) {
            String config = http.send(HttpRequest.newBuilder(URI.create(base + "/connectors/"
                    + URLEncoder.encode(connector, StandardCharsets.UTF_8) + "/config")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(config).as(connector).doesNotContain(PASSWORD);
        }
    }
}
