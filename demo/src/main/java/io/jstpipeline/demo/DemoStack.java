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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    public static final SinkConnectors SINKS = new SinkConnectors(REPLICATION_FACTOR);
    private static final String DATABASE = "jst";

    private final EmbeddedServers servers;
    private final DatabaseTarget database;

    private DemoStack(EmbeddedServers servers, DatabaseTarget database) {
        this.servers = servers;
        this.database = database;
    }

    /**
     * Starts the stack. With {@code outsideDatabase} null an embedded MariaDB is started; otherwise
     * rows go to that database.
     */
    public static DemoStack start(DatabaseTarget outsideDatabase) throws Exception {
        EmbeddedServers servers = EmbeddedServers.start("jst-pipeline-", outsideDatabase == null ? DATABASE : null,
                WorkerProperties.embedded());
        return new DemoStack(servers, outsideDatabase != null ? outsideDatabase
                : new DatabaseTarget(servers.mariaDb().jdbcUrl(), EmbeddedMariaDb.USER, ""));
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
            Map<String, String> config = SINKS.config(table.getKey(), database);
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
