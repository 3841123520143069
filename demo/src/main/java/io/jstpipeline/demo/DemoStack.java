package io.jstpipeline.demo;

import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.connect.WorkerProperties;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.embedded.EmbeddedServers;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.TopicLayout;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * Everything the pipeline runs on, in one process: a Kafka broker, a Connect worker with the JDBC
 * sink, and MariaDB (or an outside MySQL/MariaDB when one is given). The demo runs on it and so do the
 * integration tests, so the tests exercise what users run.
 */
public final class DemoStack implements AutoCloseable {

    public static final int PARTITIONS = TopicLayout.DEFAULT_PARTITIONS;
    /** One broker. */
    public static final short REPLICATION_FACTOR = 1;
    private static final String DATABASE = "jst";
    private static final String PASSWORD_KEY = "mysql.password";

    private final EmbeddedServers servers;
    private final DatabaseTarget database;
    private final SinkConnectors sinks;

    private DemoStack(EmbeddedServers servers, DatabaseTarget database, SinkConnectors sinks) {
        this.servers = servers;
        this.database = database;
        this.sinks = sinks;
    }

    /**
     * Starts the stack. With {@code outsideDatabase} null an embedded MariaDB is started; otherwise
     * rows go to that database.
     */
    public static DemoStack start(DatabaseTarget outsideDatabase) throws Exception {
        EmbeddedServers servers = EmbeddedServers.start("jst-pipeline-", outsideDatabase == null ? DATABASE : null,
                WorkerProperties.embedded());
        DatabaseTarget database = outsideDatabase != null ? outsideDatabase
                : new DatabaseTarget(servers.mariaDb().jdbcUrl(), EmbeddedMariaDb.USER, "");
        return new DemoStack(servers, database, sinksFor(database, servers.workDirectory()));
    }

    /**
     * The stack's connectors. An outside database's password reaches the in-process worker through a file of the
     * stack's own that only this user reads (the worker's FileConfigProvider), never through the connector
     * configurations.
     */
    private static SinkConnectors sinksFor(DatabaseTarget database, Path work) throws IOException {
        if (database.password().isEmpty()) {
            return new SinkConnectors(REPLICATION_FACTOR);
        }
        Path secrets = work.resolve("connect-secrets.properties");
        Files.createFile(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties properties = new Properties();
        properties.setProperty(PASSWORD_KEY, database.password());
        try (Writer out = Files.newBufferedWriter(secrets)) {
            properties.store(out, "the MySQL password of jst-pipeline demo's sink connectors");
        }
        return new SinkConnectors(REPLICATION_FACTOR, "${file:" + secrets + ":" + PASSWORD_KEY + "}");
    }

    /** The sink connectors of this stack's tables. */
    public SinkConnectors sinks() {
        return sinks;
    }

    /**
     * Creates the topics and the tables (from their DDL), and puts and starts the sink connector of each table,
     * with {@code partitions} per topic and {@code sinkTasks} per connector.
     */
    public void deploy(List<String> flows, Map<TableMapping, String> tableDdl, int partitions, int sinkTasks)
            throws Exception {
        List<String> tables = tableDdl.keySet().stream().map(TableMapping::name).toList();
        TopicLayout layout = new TopicLayout(partitions, REPLICATION_FACTOR);
        try (Admin admin = admin()) {
            layout.create(admin, layout.all(flows, tables));
        }
        ConnectRestClient rest = connectRest();
        for (Map.Entry<TableMapping, String> table : tableDdl.entrySet()) {
            String name = table.getKey().name();
            TableSchema.create(database, table.getValue());
            Map<String, String> config = sinks.config(table.getKey(), database);
            config.put("tasks.max", Integer.toString(sinkTasks));
            rest.putConnector(SinkConnectors.name(name), config);
            rest.awaitRunning(SinkConnectors.name(name), Duration.ofSeconds(60));
        }
    }

    public Admin admin() {
        return Admin.create(kafka().properties());
    }

    /** The embedded broker, reached in plain text. */
    public KafkaConnection kafka() {
        return KafkaConnection.plaintext(bootstrapServers());
    }

    public String bootstrapServers() {
        return servers.kafka().bootstrapServers();
    }

    public ConnectRestClient connectRest() {
        return new ConnectRestClient(servers.connect().restUrl());
    }

    public DatabaseTarget database() {
        return database;
    }

    /** The embedded MariaDB, or null when rows go to an outside database. */
    public EmbeddedMariaDb embeddedMariaDb() {
        return servers.mariaDb();
    }

    public Path workDirectory() {
        return servers.workDirectory();
    }

    @Override
    public void close() {
        servers.close();
    }
}
