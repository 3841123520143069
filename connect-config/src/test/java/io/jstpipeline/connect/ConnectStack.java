package io.jstpipeline.connect;

import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.embedded.EmbeddedServers;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What connect-config's ITs run on, shared by them: a broker, a Connect worker with the shipped worker properties
 * and the row sink on its class path, and MariaDB.
 */
final class ConnectStack {

    private static EmbeddedServers shared;

    private ConnectStack() {
    }

    private static synchronized EmbeddedServers servers() throws Exception {
        if (shared == null) {
            shared = EmbeddedServers.start("jst-connect-it-", "jst_connect_it", WorkerProperties.embedded());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-connect-stack"));
        }
        return shared;
    }

    static ConnectRestClient rest() throws Exception {
        return new ConnectRestClient(servers().connect().restUrl());
    }

    static DatabaseTarget database() throws Exception {
        return new DatabaseTarget(servers().mariaDb().jdbcUrl(), EmbeddedMariaDb.USER, "");
    }

    static Admin admin() throws Exception {
        return Admin.create(Map.of("bootstrap.servers", servers().kafka().bootstrapServers()));
    }

    static Producer<String, String> producer() throws Exception {
        return new KafkaProducer<>(Map.of("bootstrap.servers", servers().kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }
}
