package io.jstpipeline.demo;

import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.connect.WorkerProperties;
import io.jstpipeline.ops.TopicLayout;
import io.jstpipeline.embedded.EmbeddedConnect;
import io.jstpipeline.embedded.EmbeddedKafka;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the pipeline runs on, in one process: a Kafka broker, a Connect worker with the JDBC
 * sink, and MariaDB (or an outside MySQL/MariaDB when one is given). The demo runs on it and so do the
 * integration tests, so the tests exercise what users run.
 */
public final class DemoStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoStack.class);
    public static final int PARTITIONS = TopicLayout.DEFAULT_PARTITIONS;
    private static final String DATABASE = "jst";

    private final Path workDirectory;
    private final EmbeddedKafka kafka;
    private final EmbeddedConnect connect;
    private final EmbeddedMariaDb mariaDb;
    private final DatabaseTarget database;
    private final List<AutoCloseable> closeables;

    private DemoStack(Path workDirectory, EmbeddedKafka kafka, EmbeddedConnect connect, EmbeddedMariaDb mariaDb,
                       DatabaseTarget database, List<AutoCloseable> closeables) {
        this.workDirectory = workDirectory;
        this.kafka = kafka;
        this.connect = connect;
        this.mariaDb = mariaDb;
        this.database = database;
        this.closeables = closeables;
    }

    /**
     * Starts the stack. With {@code outsideDatabase} null an embedded MariaDB is started; otherwise
     * rows go to that database.
     */
    public static DemoStack start(DatabaseTarget outsideDatabase) throws Exception {
        Path work = Files.createTempDirectory("jst-pipeline-");
        List<AutoCloseable> started = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"));
            started.add(0, kafka);
            LOG.info("Kafka broker ready at {} ({} ms)", kafka.bootstrapServers(), millisSince(t0));

            EmbeddedMariaDb mariaDb = null;
            DatabaseTarget database = outsideDatabase;
            if (database == null) {
                t0 = System.nanoTime();
                mariaDb = EmbeddedMariaDb.start(work.resolve("mariadb"), DATABASE);
                started.add(0, mariaDb);
                database = new DatabaseTarget(mariaDb.jdbcUrl(), EmbeddedMariaDb.USER, "");
                LOG.info("MariaDB ready at {} ({} ms)", mariaDb.jdbcUrl(), millisSince(t0));
            }

            t0 = System.nanoTime();
            EmbeddedConnect connect = EmbeddedConnect.start(WorkerProperties.embedded(), kafka.bootstrapServers(),
                    Files.createDirectories(work.resolve("connect")));
            started.add(0, connect);
            LOG.info("Connect worker ready at {} ({} ms)", connect.restUrl(), millisSince(t0));
            return new DemoStack(work, kafka, connect, mariaDb, database, started);
        } catch (Exception e) {
            closeAll(started);
            throw e;
        }
    }

    /**
     * Creates the topics and the tables (from their DDL, by table name), and puts and starts the sink
     * connector of each table.
     */
    public void deploy(List<String> flows, Map<String, String> tableDdl) throws Exception {
        deploy(flows, tableDdl, PARTITIONS, 1);
    }

    /** As {@link #deploy(List, Map)}, with {@code partitions} per topic and {@code sinkTasks} per connector. */
    public void deploy(List<String> flows, Map<String, String> tableDdl, int partitions, int sinkTasks)
            throws Exception {
        List<String> tables = List.copyOf(tableDdl.keySet());
        try (Admin admin = admin()) {
            new TopicLayout(partitions, (short) 1).create(admin, flows, tables);
        }
        ConnectRestClient rest = connectRest();
        for (String table : tables) {
            TableSchema.create(database, tableDdl.get(table));
            Map<String, String> config = SinkConnectors.config(table, database);
            config.put("tasks.max", Integer.toString(sinkTasks));
            rest.putConnector(SinkConnectors.name(table), config);
            rest.awaitRunning(SinkConnectors.name(table), Duration.ofSeconds(60));
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public ConnectRestClient connectRest() {
        return new ConnectRestClient(connect.restUrl());
    }

    public DatabaseTarget database() {
        return database;
    }

    /** The embedded MariaDB, or null when rows go to an outside database. */
    public EmbeddedMariaDb embeddedMariaDb() {
        return mariaDb;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    @Override
    public void close() {
        closeAll(closeables);
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
