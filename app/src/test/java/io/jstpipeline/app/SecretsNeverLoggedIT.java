package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command, driven with distinctive secrets (the app secret, the MySQL password, the SASL password, the
 * truststore password, the Connect password) through its success and its failure paths (wrong credentials,
 * unreachable hosts): none of the secrets appears in what it prints or logs.
 */
class SecretsNeverLoggedIT {

    private static final String APP_SECRET = "AppSecret-1d7e-should-stay-hidden";
    private static final String MYSQL_PASSWORD = "MysqlPw-52aa-should-stay-hidden";
    private static final String SASL_PASSWORD = "SaslPw-9c01-should-stay-hidden";
    private static final String TRUSTSTORE_PASSWORD = "StorePw-6b3f-should-stay-hidden";
    private static final String CONNECT_PASSWORD = "ConnectPw-e4d2-should-stay-hidden";
    private static final List<String> SECRETS = List.of(APP_SECRET, MYSQL_PASSWORD, SASL_PASSWORD,
            TRUSTSTORE_PASSWORD, CONNECT_PASSWORD);
    private static final String USER = "jst_secrets_it";
    private static final String NOWHERE = "127.0.0.1:9";

    @TempDir
    Path dir;

    @Test
    void noCommandPrintsOrLogsASecretWhetherItWorksOrFails() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        LocalDateTime now = QimenTime.now();
        List<String> printed = new ArrayList<>();
        try (EmbeddedMariaDb database = EmbeddedMariaDb.startWithTls(dir.resolve("mariadb"), "jst_secrets", false);
             QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(10, 10, 53).withIdOffset(5_300_000_000L)
                     .withRange(now.minusHours(2), now.minusMinutes(2))
                     .withCredentials("jst-secrets-app", APP_SECRET, "jst-secrets-customer"));
             CapturedLogs logs = new CapturedLogs()) {
            try (Connection c = new DatabaseTarget(database.jdbcUrl(), EmbeddedMariaDb.USER, "").connect();
                 Statement s = c.createStatement()) {
                s.execute("CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + MYSQL_PASSWORD + "'");
                s.execute("GRANT ALL ON jst_secrets.* TO '" + USER + "'@'127.0.0.1'");
            }
            Map<String, String> secrets = new HashMap<>(Map.of(
                    "JST_QIMEN_APP_SECRET", APP_SECRET,
                    "JST_MYSQL_PASSWORD", MYSQL_PASSWORD,
                    "JST_CONNECT_USER", "jst", "JST_CONNECT_PASSWORD", CONNECT_PASSWORD,
                    "JST_KAFKA_CLIENT_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule "
                            + "required username=\"jst\" password=\"" + SASL_PASSWORD + "\";",
                    "JST_KAFKA_CLIENT_SSL_TRUSTSTORE_PASSWORD", TRUSTSTORE_PASSWORD));
            String[] qimen = {"--gateway-url", gateway.gatewayUrl(), "--app-key", gateway.appKey(),
                    "--customer-id", gateway.customerId()};
            String[] mysql = {"--mysql-url", database.jdbcUrl(), "--mysql-user", USER};
            String[] kafka = {"--bootstrap-servers", pipeline.stack().bootstrapServers()};
            String[] connect = {"--connect-url", pipeline.stack().connectRest().baseUrl()};
            String today = LocalDate.now().toString();
            String tomorrow = LocalDate.now().plusDays(1).toString();
            String yesterday = LocalDate.now().minusDays(1).toString();

            // Working: the configuration printed, a backfill, a reconciliation, the status.
            printed.add(run(secrets, concat(new String[] {"topics", "check", "--print-config"}, kafka)));
            printed.add(run(secrets, concat(new String[] {"backfill", "--flow", "saleout", "--from", today, "--to",
                    tomorrow}, kafka, qimen)));
            printed.add(run(secrets, concat(new String[] {"reconcile", "--flow", "saleout", "--from", today,
                    "--to", tomorrow}, qimen, mysql)));
            // Failing: a wrong app secret, a wrong MySQL password, unreachable Kafka, Connect and MySQL.
            Map<String, String> wrong = new HashMap<>(secrets);
            wrong.put("JST_QIMEN_APP_SECRET", APP_SECRET + "-wrong");
            wrong.put("JST_MYSQL_PASSWORD", MYSQL_PASSWORD + "-wrong");
            // Another range than the working backfill's, whose cursor says it is done.
            printed.add(run(wrong, concat(new String[] {"backfill", "--flow", "saleout", "--from", yesterday, "--to",
                    today}, kafka, qimen)));
            printed.add(run(wrong, concat(new String[] {"reconcile", "--flow", "saleout", "--from", today,
                    "--to", tomorrow}, qimen, mysql)));
            printed.add(run(secrets, new String[] {"topics", "apply", "--bootstrap-servers", NOWHERE}));
            printed.add(run(secrets, concat(new String[] {"connectors", "apply", "--connect-url", "http://" + NOWHERE},
                    kafka, mysql)));
            printed.add(run(secrets, concat(new String[] {"status"}, kafka, connect)));
            printed.add(run(secrets, concat(new String[] {"reconcile", "--flow", "saleout", "--from", today,
                    "--to", tomorrow, "--mysql-url", "jdbc:mariadb://" + NOWHERE + "/jst", "--mysql-user", USER},
                    qimen)));

            String everything = String.join("\n", printed) + "\n" + logs.text();
            assertThat(printed.get(1)).as("the secrets were used: the backfill worked").contains("-> exit 0");
            assertThat(printed.get(3)).as("and failed with the wrong one").doesNotContain("-> exit 0");
            assertThat(printed.get(0)).as("--print-config shows the secrets masked").contains("sasl.jaas.config");
            for (String secret : SECRETS) {
                assertThat(everything).as("output and logs").doesNotContain(secret);
            }
        }
    }

    private static String[] concat(String[] first, String[]... more) {
        List<String> all = new ArrayList<>(List.of(first));
        for (String[] part : more) {
            all.addAll(List.of(part));
        }
        return all.toArray(String[]::new);
    }

    /** The command's stdout and stderr, with its exit code. */
    private static String run(Map<String, String> environment, String[] line) {
        StringWriter out = new StringWriter();
        int exit = JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(out, true)).execute(line);
        return String.join(" ", line) + " -> exit " + exit + "\n" + out;
    }
}
