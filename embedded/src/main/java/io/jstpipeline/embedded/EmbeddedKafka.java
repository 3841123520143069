package io.jstpipeline.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * One Apache Kafka broker in KRaft combined mode (broker and controller in one node), run in process by the
 * broker's own server classes as {@code kafka-server-start.sh} runs them: a {@code server.properties} written,
 * the storage formatted ({@code kafka-storage.sh format}), then {@link KafkaRaftServer}. The internal topics have
 * replication factor 1, so that consumer groups and transactions work on a single node. Its one client listener is
 * PLAINTEXT, or SASL_SSL when started with a {@link SaslSslListener}: then no client gets in without TLS and a login.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    public static EmbeddedKafka start(Path baseDirectory) throws Exception {
        return start(baseDirectory, null);
    }

    /** @param saslSsl the client listener's security, or null for PLAINTEXT */
    public static EmbeddedKafka start(Path baseDirectory, SaslSslListener saslSsl) throws Exception {
        Path serverProperties = writeServerProperties(baseDirectory, LocalPorts.free(), LocalPorts.free(), saslSsl);
        format(serverProperties);
        Properties props = read(serverProperties);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        String listener = props.getProperty("advertised.listeners");
        String bootstrap = listener.substring(listener.indexOf("://") + 3);
        try {
            server.startup();
            awaitReady(bootstrap, saslSsl == null ? Map.of() : saslSsl.brokerClientProperties());
            return new EmbeddedKafka(server, bootstrap);
        } catch (Exception e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
    }

    /**
     * Writes {@code server.properties} of a one-node KRaft cluster into {@code directory} (its data in
     * {@code directory/data}), listening on 127.0.0.1 only.
     */
    public static Path writeServerProperties(Path directory, int brokerPort, int controllerPort) throws IOException {
        return writeServerProperties(directory, brokerPort, controllerPort, null);
    }

    /** {@link #writeServerProperties(Path, int, int)} with the client listener SASL_SSL when {@code saslSsl} is given. */
    public static Path writeServerProperties(Path directory, int brokerPort, int controllerPort,
                                             SaslSslListener saslSsl) throws IOException {
        Files.createDirectories(directory);
        String listener = saslSsl == null ? "PLAINTEXT" : "SASL_SSL";
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", listener + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", listener + "://127.0.0.1:" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", listener),
                Map.entry("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", directory.resolve("data").toString()),
                // One node: the internal topics cannot have more replicas.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        if (saslSsl != null) {
            props.putAll(saslSsl.serverProperties());
        }
        Path file = directory.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, "A one-node KRaft cluster (combined broker and controller) on 127.0.0.1");
        }
        return file;
    }

    /** {@code kafka-storage.sh format -t <new cluster id> -c <server.properties>}, quietly. */
    public static void format(Path serverProperties) {
        String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties.toString()};
        StorageTool.execute(args, new PrintStream(OutputStream.nullOutputStream()));
    }

    private static void awaitReady(String bootstrap, Map<String, String> clientProperties) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Properties client = new Properties();
        client.putAll(clientProperties);
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(client)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    last = e;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the broker at " + bootstrap + " did not become ready in "
                    + READY_TIMEOUT.toSeconds() + " s", last);
        }
    }

    private static Properties read(Path file) throws IOException {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
