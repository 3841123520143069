package io.jstpipeline.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker, MariaDB (unless the rows go to an outside database) and a Connect worker on that broker, started in
 * that order in one work directory and stopped in the reverse order.
 */
public final class EmbeddedServers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

    private final Path workDirectory;
    private final EmbeddedKafka kafka;
    private final EmbeddedMariaDb mariaDb;
    private final EmbeddedConnect connect;

    private EmbeddedServers(Path workDirectory, EmbeddedKafka kafka, EmbeddedMariaDb mariaDb, EmbeddedConnect connect) {
        this.workDirectory = workDirectory;
        this.kafka = kafka;
        this.mariaDb = mariaDb;
        this.connect = connect;
    }

    /**
     * Starts them under a new temporary directory named {@code prefix…}.
     *
     * @param database the database MariaDB creates; null starts no MariaDB
     * @param workerProperties the Connect worker's settings; bootstrap servers, offsets file and (unless given) an
     *                         http listener are added
     */
    public static EmbeddedServers start(String prefix, String database, Map<String, String> workerProperties)
            throws Exception {
        return start(prefix, database == null ? null : directory -> EmbeddedMariaDb.start(directory, database),
                workerProperties, null);
    }

    /** How the database starts in its directory, e.g. {@link EmbeddedMariaDb#startWithTls}. */
    @FunctionalInterface
    public interface DatabaseStart {
        EmbeddedMariaDb start(Path directory) throws Exception;
    }

    /**
     * As {@link #start(String, String, Map)}, the database started by {@code database} (null: none), and the broker
     * behind {@code saslSsl} when given; the worker's properties must then carry its login
     * ({@link SaslSslListener#connectWorkerProperties}).
     */
    public static EmbeddedServers start(String prefix, DatabaseStart database, Map<String, String> workerProperties,
                                        SaslSslListener saslSsl) throws Exception {
        Path work = Files.createTempDirectory(prefix);
        List<AutoCloseable> started = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), saslSsl);
            started.add(kafka);
            LOG.info("Kafka broker ready at {} ({} ms)", kafka.bootstrapServers(), millisSince(t0));
            EmbeddedMariaDb mariaDb = null;
            if (database != null) {
                t0 = System.nanoTime();
                mariaDb = database.start(work.resolve("mariadb"));
                started.add(mariaDb);
                LOG.info("MariaDB ready at {} ({} ms)", mariaDb.jdbcUrl(), millisSince(t0));
            }
            t0 = System.nanoTime();
            EmbeddedConnect connect = EmbeddedConnect.start(workerProperties, kafka.bootstrapServers(),
                    Files.createDirectories(work.resolve("connect")));
            LOG.info("Connect worker ready at {} ({} ms)", connect.restUrl(), millisSince(t0));
            return new EmbeddedServers(work, kafka, mariaDb, connect);
        } catch (Exception e) {
            closeInReverse(started);
            throw e;
        }
    }

    public Path workDirectory() {
        return workDirectory;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** MariaDB, or null when none was started. */
    public EmbeddedMariaDb mariaDb() {
        return mariaDb;
    }

    public EmbeddedConnect connect() {
        return connect;
    }

    @Override
    public void close() {
        List<AutoCloseable> started = new ArrayList<>(List.of(kafka));
        if (mariaDb != null) {
            started.add(mariaDb);
        }
        started.add(connect);
        closeInReverse(started);
    }

    private static void closeInReverse(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
