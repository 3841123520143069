package io.jstpipeline.jdbcsink;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.embedded.EmbeddedKafka;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.embedded.EmbeddedServers;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * What the sink's ITs run on, shared by them: a broker, a Connect worker with this module's plugin on its class
 * path, and MariaDB holding the saleout table; the row sink connector of that table runs on its row topic.
 * The sink runs as in production: as {@value #SINK_USER}, who may only read and write the schema's rows and must
 * connect over TLS, verifying the server's certificate against its CA.
 */
final class SinkStack {

    static final TableMapping TABLE = Mappings.builtIn().table("saleout_list_query");
    static final String CONNECTOR = "jst-sink-" + TABLE.name();
    private static final String DATABASE = "jst_sink_it";
    /** The sink's user: the grants README gives the sink, no more. */
    static final String SINK_USER = "jst_sink";
    static final String SINK_PASSWORD = "sink-it-password";

    private static SinkStack shared;

    private final EmbeddedServers servers;
    private final EmbeddedKafka kafka;
    final EmbeddedMariaDb mariaDb;

    private SinkStack(EmbeddedServers servers) {
        this.servers = servers;
        this.kafka = servers.kafka();
        this.mariaDb = servers.mariaDb();
    }

    /** A row of the table as the transformer writes it, every column present: here all NULL but the id. */
    static ObjectNode row(String id) {
        ObjectNode row = Json.MAPPER.createObjectNode()
                .put(TableMapping.ID_COLUMN, id);
        TABLE.columns().forEach(column -> row.putNull(column.name()));
        return row;
    }

    static synchronized SinkStack get() throws Exception {
        if (shared == null) {
            EmbeddedServers servers = EmbeddedServers.start("jst-sink-it-",
                    directory -> EmbeddedMariaDb.startWithTls(directory, DATABASE, false), Map.of(
                    "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                    "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                    // This module's plugin is on the class path.
                    "plugin.discovery", "service_load",
                    "offset.flush.interval.ms", "1000",
                    "consumer.auto.offset.reset", "earliest"), null);
            Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "stop-sink-stack"));
            shared = new SinkStack(servers);
            shared.deploy();
        }
        return shared;
    }

    private void deploy() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.rows(TABLE.name()), 1, (short) 1),
                    new NewTopic(Topics.sinkDlq(TABLE.name()), 1, (short) 1))).all().get();
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(TableDdl.createTable(TABLE));
            s.execute("CREATE USER '" + SINK_USER + "'@'%' IDENTIFIED BY '" + SINK_PASSWORD + "' REQUIRE SSL");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + DATABASE + ".* TO '" + SINK_USER + "'@'%'");
        }
        Map<String, String> config = new HashMap<>(Map.of(
                "connector.class", RowSinkConnector.class.getName(),
                "tasks.max", "1",
                "topics", Topics.rows(TABLE.name()),
                RowSinkConfig.TABLE, TABLE.name(),
                RowSinkConfig.RETRY_MAX, "40",
                RowSinkConfig.RETRY_BACKOFF_MS, "3000",
                "value.converter", RowConverter.class.getName(),
                "value.converter.table", TABLE.name()));
        config.put("name", CONNECTOR);
        for (String prefix : new String[] {"", "transforms.columnLimits."}) {
            sinkConnection().forEach((key, value) -> config.put(prefix + key, value));
        }
        config.putAll(Map.of(
                "transforms", "columnLimits",
                "transforms.columnLimits.type", ColumnLimits.class.getName(),
                "transforms.columnLimits.table", TABLE.name(),
                "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", Topics.sinkDlq(TABLE.name()),
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"));
        FutureCallback<Herder.Created<ConnectorInfo>> put = new FutureCallback<>();
        servers.connect().herder().putConnectorConfig(CONNECTOR, config, false, put);
        put.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(this::running);
    }

    /** The sink's connection settings: as {@value #SINK_USER}, over TLS verifying the server's CA. */
    Map<String, String> sinkConnection() {
        return Map.of(RowSinkConfig.CONNECTION_URL, mariaDb.jdbcUrl(),
                RowSinkConfig.CONNECTION_USERNAME, SINK_USER,
                RowSinkConfig.CONNECTION_PASSWORD, SINK_PASSWORD,
                RowSinkConfig.CONNECTION_TLS, "verify-ca",
                RowSinkConfig.CONNECTION_TLS_CA_FILE, mariaDb.tlsCaFile().toString());
    }

    /** The connector and all its tasks are RUNNING. */
    boolean running() {
        try {
            ConnectorStateInfo status = servers.connect().herder().connectorStatus(CONNECTOR);
            return "RUNNING".equals(status.connector().state()) && !status.tasks().isEmpty()
                    && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    Producer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(mariaDb.jdbcUrl(), EmbeddedMariaDb.USER, "");
    }

    Set<String> ids() throws SQLException {
        Set<String> ids = new TreeSet<>();
        try (Connection c = connect(); var rs = c.createStatement().executeQuery("SELECT id FROM " + TABLE.name())) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** The first record with {@code key} in the dead-letter topic {@code topic}, waiting for it. */
    ConsumerRecord<String, String> deadLetter(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "dead-letters-" + key + "-" + System.nanoTime(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.stream().anyMatch(r -> key.equals(r.key()));
            });
            return records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        }
    }
}
