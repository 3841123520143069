package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.WorkerProperties;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.embedded.EmbeddedServers;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code connectors apply} against a Connect worker whose REST API is on https only, with a certificate of a CA
 * of its own (a keystore made here with the JDK's keytool), and wants HTTP basic authentication
 * ({@link BasicAuthRestExtension} through {@code rest.extension.classes}): with connect.user, its password and
 * connect.tls-ca-file the connectors are put; without either, or with Connect not there, the command ends with
 * one line naming Connect's URL and what went wrong, and never shows the password.
 */
class ConnectRestSecurityIT {

    private static final String USER = "jst-ops";
    private static final String PASSWORD = "connect-rest-pw-5b1e9c";
    private static final String STORE_PASSWORD = "keystore-pw-0d7a";

    private static Path work;
    private static Path caFile;
    private static EmbeddedServers servers;

    @BeforeAll
    static void startAWorkerOnHttpsWithBasicAuthentication() throws Exception {
        work = Files.createTempDirectory("jst-connect-tls-");
        Path keystore = work.resolve("connect.p12");
        caFile = work.resolve("connect-ca.pem");
        // A self-signed certificate for 127.0.0.1: the worker's, and the one CA the client is told to trust.
        keytool("-genkeypair", "-alias", "connect", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "connect", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-file", caFile.toString());
        Map<String, String> worker = new HashMap<>(WorkerProperties.embedded());
        worker.put("listeners", "https://127.0.0.1:0");
        worker.put("listeners.https.ssl.keystore.type", "PKCS12");
        worker.put("listeners.https.ssl.keystore.location", keystore.toString());
        worker.put("listeners.https.ssl.keystore.password", STORE_PASSWORD);
        worker.put("listeners.https.ssl.key.password", STORE_PASSWORD);
        worker.put("rest.extension.classes", BasicAuthRestExtension.class.getName());
        worker.put(BasicAuthRestExtension.USER, USER);
        worker.put(BasicAuthRestExtension.PASSWORD, PASSWORD);
        servers = EmbeddedServers.start("jst-connect-tls-", "jst", worker);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void theRestApiIsOnHttpsOnly() {
        assertThat(servers.connect().restUrl()).startsWith("https://127.0.0.1:");
    }

    @Test
    void applyWithTheUserItsPasswordAndTheCaPutsTheConnectors() {
        Run run = apply(Map.of("JST_CONNECT_USER", USER, "JST_CONNECT_PASSWORD", PASSWORD,
                "JST_CONNECT_TLS_CA_FILE", caFile.toString()));

        assertThat(run.exit()).as(run.toString()).isZero();
        Mappings.builtIn().tables().forEach(table ->
                assertThat(run.out()).contains(SinkConnectors.name(table.name()) + " RUNNING"));
    }

    @Test
    void withoutTheCaTheCertificateIsRefusedInOneLineNamingTheUrl() {
        Run run = apply(Map.of("JST_CONNECT_USER", USER, "JST_CONNECT_PASSWORD", PASSWORD));

        run.assertOneLineNamingConnect("TLS failed", 2);
    }

    @Test
    void withoutCredentialsOrWithAWrongPasswordTheRefusalIsOneLineNamingTheUrl() {
        apply(Map.of("JST_CONNECT_TLS_CA_FILE", caFile.toString())).assertOneLineNamingConnect("HTTP 401", 4);
        apply(Map.of("JST_CONNECT_USER", USER, "JST_CONNECT_PASSWORD", "not-" + PASSWORD,
                "JST_CONNECT_TLS_CA_FILE", caFile.toString())).assertOneLineNamingConnect("HTTP 401", 4);
    }

    @Test
    void aConnectThatIsNotThereIsOneLineNamingTheUrl() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/";
        Run run = apply(Map.of(), url);

        run.assertOneLineNamingConnect("cannot connect", 3);
        assertThat(run.err()).contains(url);
    }

    @Test
    void checkWithoutCredentialsSaysConnectRefusedThemAndExits4() {
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(1))) {
            CheckCommandIT.Run check = CheckCommandIT.run(Map.of("JST_CONNECT_TLS_CA_FILE", caFile.toString(),
                    "JST_QIMEN_APP_SECRET", gateway.appSecret()), "check",
                    "--bootstrap-servers", servers.kafka().bootstrapServers(), "--connect-url",
                    servers.connect().restUrl(), "--gateway-url", gateway.gatewayUrl(), "--app-key", gateway.appKey(),
                    "--customer-id", gateway.customerId());

            assertThat(check.exit()).as("refused credentials come before the topics not laid out here: %s", check)
                    .isEqualTo(4);
            assertThat(check.out()).contains("FAIL  connect  " + servers.connect().restUrl()
                    + ": worker version: HTTP 401").contains("OK    kafka").contains("FAIL  topics");
        }
    }

    private record Run(int exit, String out, String err) {

        void assertOneLineNamingConnect(String problem, int exitCode) {
            assertThat(exit).as(toString()).isEqualTo(exitCode);
            assertThat(err.strip().lines()).as(toString()).hasSize(1);
            assertThat(err).startsWith("jst-pipeline connectors apply: connect http").contains(problem);
            assertThat(out + err).doesNotContain(PASSWORD);
        }
    }

    private static Run apply(Map<String, String> environment) {
        return apply(environment, servers.connect().restUrl());
    }

    private static Run apply(Map<String, String> environment, String connectUrl) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute("connectors", "apply",
                        "--bootstrap-servers", servers.kafka().bootstrapServers(), "--connect-url", connectUrl,
                        "--mysql-url", servers.mariaDb().jdbcUrl(), "--mysql-user", EmbeddedMariaDb.USER,
                        "--timeout", "PT1M");
        return new Run(exit, out.toString(), err.toString());
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("keytool %s: %s", arguments[0], output).isZero();
    }
}
