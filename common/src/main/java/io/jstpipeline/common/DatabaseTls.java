package io.jstpipeline.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * How a connection to MySQL or MariaDB is encrypted, as the pipeline's own setting, and the properties that say so
 * to the driver the JDBC URL names: MySQL's Connector/J ({@code jdbc:mysql:}) and MariaDB's ({@code jdbc:mariadb:})
 * spell the same four modes differently and take the CA differently.
 *
 * @param mode   null: the driver's own default (Connector/J encrypts when the server offers it, MariaDB's does not)
 * @param caFile the CA certificate(s) in PEM, as MySQL's {@code ca.pem}, that the server's certificate must chain to
 *               (verify modes only); null: the JVM's trusted CAs
 */
public record DatabaseTls(Mode mode, Path caFile) {

    /** Nothing set: whatever the driver does by default. */
    public static final DatabaseTls DRIVER_DEFAULT = new DatabaseTls(null, null);

    /** The modes, from weakest to strongest. */
    public enum Mode {
        /** No encryption: a server requiring secure transport refuses the connection. */
        DISABLED("disabled", "DISABLED", "disable"),
        /** Encrypted, the server's certificate not checked. */
        REQUIRED("required", "REQUIRED", "trust"),
        /** Encrypted, the server's certificate signed by the CA. */
        VERIFY_CA("verify-ca", "VERIFY_CA", "verify-ca"),
        /** As verify-ca, and the certificate names the host of the URL. */
        VERIFY_IDENTITY("verify-identity", "VERIFY_IDENTITY", "verify-full");

        /** The wire names, as the configuration takes them. */
        public static final String NAMES = "disabled, required, verify-ca or verify-identity";

        private final String name;
        private final String connectorJ;
        private final String mariaDb;

        Mode(String name, String connectorJ, String mariaDb) {
            this.name = name;
            this.connectorJ = connectorJ;
            this.mariaDb = mariaDb;
        }

        /** @throws IllegalArgumentException when {@code name} is none of {@link #NAMES} */
        public static Mode of(String name) {
            return Arrays.stream(values()).filter(m -> m.name.equals(name.strip().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("must be " + NAMES + ", got \"" + name + "\""));
        }

        boolean verifies() {
            return this == VERIFY_CA || this == VERIFY_IDENTITY;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Connector/J reads the CA from a key store only: one per CA file, written once per process. */
    private static final Map<Path, TrustStore> TRUST_STORES = new ConcurrentHashMap<>();

    private record TrustStore(Path file, String password) {
    }

    /** @throws IllegalArgumentException when a CA file is given to a mode that does not verify the server */
    public DatabaseTls {
        if (caFile != null && (mode == null || !mode.verifies())) {
            throw new IllegalArgumentException("a CA file is only read by the modes verify-ca and verify-identity, "
                    + "not by " + (mode == null ? "the driver's default" : mode));
        }
    }

    /** The driver properties for the driver {@code url} names; none when nothing is set. */
    public Properties driverProperties(String url) {
        Properties properties = new Properties();
        if (mode == null) {
            return properties;
        }
        if (url.startsWith("jdbc:mariadb:")) {
            properties.setProperty("sslMode", mode.mariaDb);
            if (caFile != null) {
                properties.setProperty("serverSslCert", caFile.toString());
            }
        } else {
            properties.setProperty("sslMode", mode.connectorJ);
            if (caFile != null) {
                TrustStore store = TRUST_STORES.computeIfAbsent(caFile.toAbsolutePath(), DatabaseTls::trustStore);
                properties.setProperty("trustCertificateKeyStoreUrl", store.file().toUri().toString());
                properties.setProperty("trustCertificateKeyStoreType", "PKCS12");
                properties.setProperty("trustCertificateKeyStorePassword", store.password());
                properties.setProperty("fallbackToSystemTrustStore", "false");
            }
        }
        return properties;
    }

    /** The CA file's certificates in a PKCS12 key store of their own; it holds nothing secret. */
    private static TrustStore trustStore(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(caFile + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            Path file = Files.createTempFile("jst-mysql-ca-", ".p12");
            file.toFile().deleteOnExit();
            String password = UUID.randomUUID().toString();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return new TrustStore(file, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CA certificates of " + caFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connection failure told in one line where TLS is its cause, naming the setting to look at
     * ({@code caFileKey}, e.g. mysql.tls-ca-file); any other failure as it is.
     */
    public SQLException explain(SQLException failure, String modeKey, String caFileKey) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.security.cert.CertificateException || cause instanceof SSLException) {
                String message = mode != null && mode.verifies()
                        ? "the database's TLS certificate is not trusted (" + modeKey + " " + mode + "): it must be "
                                + (mode == Mode.VERIFY_IDENTITY ? "issued for the URL's host and " : "")
                                + "signed by the CA in " + caFileKey + (caFile == null ? " (not set: the JVM's CAs)" : " (" + caFile + ")")
                        : "TLS with the database failed (" + modeKey + " " + (mode == null ? "not set" : mode) + ")";
                return new SQLException(message + ": " + firstLine(cause.getMessage()), failure.getSQLState(), failure);
            }
        }
        if (String.valueOf(failure.getMessage()).contains("insecure transport")) {
            return new SQLException("the database requires TLS, and " + modeKey + " is "
                    + (mode == null ? "not set" : mode) + ": set it to required, verify-ca or verify-identity: "
                    + firstLine(failure.getMessage()), failure.getSQLState(), failure);
        }
        return failure;
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
