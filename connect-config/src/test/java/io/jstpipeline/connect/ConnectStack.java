package io.jstpipeline.connect;

import io.jstpipeline.embedded.EmbeddedConnect;
import io.jstpipeline.embedded.EmbeddedKafka;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What connect-config's ITs run on, shared by them: a broker, a Connect worker with the shipped worker properties
 * and the row sink on its class path, and MariaDB.
 */
final class ConnectStack {

    private static ConnectStack shared;

    final EmbeddedKafka kafka;
    final EmbeddedMariaDb mariaDb;
    final EmbeddedConnect connect;

    private ConnectStack(EmbeddedKafka kafka, EmbeddedMariaDb mariaDb, EmbeddedConnect connect) {
        this.kafka = kafka;
        this.mariaDb = mariaDb;
        this.connect = connect;
    }

    static synchronized ConnectStack get() throws Exception {
        if (shared == null) {
            Path work = Files.createTempDirectory("jst-connect-it-");
            EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"));
            EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start(work.resolve("mariadb"), "jst_connect_it");
            EmbeddedConnect connect = EmbeddedConnect.start(WorkerProperties.embedded(), kafka.bootstrapServers(),
                    Files.createDirectories(work.resolve("connect")));
            shared = new ConnectStack(kafka, mariaDb, connect);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-connect-stack"));
        }
        return shared;
    }

    ConnectRestClient rest() {
        return new ConnectRestClient(connect.restUrl());
    }

    DatabaseTarget database() {
        return new DatabaseTarget(mariaDb.jdbcUrl(), EmbeddedMariaDb.USER, "");
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    Producer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private void close() {
        connect.close();
        try {
            mariaDb.close();
        } catch (Exception ignored) {
            // stopping anyway
        }
        kafka.close();
    }
}
