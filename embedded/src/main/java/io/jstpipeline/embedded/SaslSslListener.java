package io.jstpipeline.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A SASL_SSL listener for the {@link EmbeddedKafka} broker, as a managed cluster has: TLS with a self-signed
 * certificate for 127.0.0.1 (a PKCS12 keystore made by the JDK's {@code keytool}, and a truststore holding that
 * certificate for the clients) and SASL/PLAIN users. The broker talks to itself over it too, as a user of its own.
 *
 * @param keystore       the broker's key and certificate (PKCS12)
 * @param truststore    the clients' truststore (PKCS12)
 * @param storePassword the password of the keystore, its key and the truststore
 * @param users         user name to password, the clients may log in as
 * @param brokerPassword the broker's own user's password
 */
public record SaslSslListener(Path keystore, Path truststore, String storePassword, Map<String, String> users,
                              String brokerPassword) {

    public static final String MECHANISM = "PLAIN";
    private static final String BROKER_USER = "broker";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    public SaslSslListener {
        users = Map.copyOf(users);
    }

    /** Makes the keystore and truststore in {@code directory} with keytool; the passwords are random. */
    public static SaslSslListener generate(Path directory, Map<String, String> users) throws IOException {
        Files.createDirectories(directory);
        String password = UUID.randomUUID().toString();
        Path keystore = directory.resolve("broker.p12");
        Path certificate = directory.resolve("broker.pem");
        Path truststore = directory.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new SaslSslListener(keystore, truststore, password, users, UUID.randomUUID().toString());
    }

    /** The broker's settings for the listener named SASL_SSL, which is also the one between brokers. */
    Map<String, String> serverProperties() {
        StringBuilder jaas = new StringBuilder(PLAIN_LOGIN + " required username=\"" + BROKER_USER + "\" password=\""
                + brokerPassword + "\" user_" + BROKER_USER + "=\"" + brokerPassword + "\"");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString());
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", storePassword);
        props.put("ssl.key.password", storePassword);
        props.putAll(trust());
        return props;
    }

    /** What a client logging in as {@code user} with {@code password} sets: the standard client properties. */
    public Map<String, String> clientProperties(String user, String password) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", MECHANISM);
        props.put("sasl.jaas.config", PLAIN_LOGIN + " required username=\"" + user + "\" password=\"" + password + "\";");
        props.putAll(trust());
        return props;
    }

    /** The broker's own client settings, for its readiness check. */
    Map<String, String> brokerClientProperties() {
        return clientProperties(BROKER_USER, brokerPassword);
    }

    /**
     * A Connect worker's settings for a cluster behind this listener: the client properties for the worker itself
     * and, prefixed, for the sink tasks' consumers, the producers (dead letters) and the admin client, as a
     * worker.properties of a distributed worker holds them.
     */
    public Map<String, String> connectWorkerProperties(String user, String password) {
        Map<String, String> client = clientProperties(user, password);
        Map<String, String> worker = new HashMap<>(client);
        for (String prefix : List.of("consumer.", "producer.", "admin.")) {
            client.forEach((key, value) -> worker.put(prefix + key, value));
        }
        return worker;
    }

    private Map<String, String> trust() {
        return Map.of("ssl.truststore.type", "PKCS12", "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.password", storePassword);
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }

    /** The passwords are for a test broker, but a record's toString should still not print them. */
    @Override
    public String toString() {
        return "SaslSslListener[" + MECHANISM + ", users " + users.keySet() + "]";
    }
}
