package io.jstpipeline.common;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How every Kafka client of the pipeline reaches the cluster: the bootstrap servers and the standard client
 * properties a secured cluster needs (security.protocol, sasl.*, ssl.*, …), as {@code kafka.client} and
 * {@code kafka.client-file} give them. Each producer, consumer, admin client and Streams app starts from
 * {@link #properties()} and adds its own settings, which win: they are what its guarantees rest on.
 */
public final class KafkaConnection {

    /** {@code bootstrap.servers}, spelled here as common carries no Kafka classes. */
    private static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;

    /**
     * @param clientProperties standard Kafka client properties, secrets in them already resolved or left to the
     *                         clients' own {@code config.providers}; never {@code bootstrap.servers}
     */
    public KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        if (clientProperties.containsKey(BOOTSTRAP_SERVERS)) {
            throw new IllegalArgumentException("give the bootstrap servers apart from the client properties");
        }
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /** A cluster reached in plain text with the clients' defaults: the embedded broker of the demo and tests. */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A fresh copy of the bootstrap servers and the client properties, for one client to add its own settings to. */
    public Properties properties() {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(BOOTSTRAP_SERVERS, bootstrapServers);
        return props;
    }

    /**
     * Whether a client property's value is a secret by its name (a password, a secret, a JAAS configuration
     * carrying one): such values are masked wherever the configuration is shown.
     */
    public static boolean sensitive(String property) {
        String name = property.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.contains("secret") || name.contains("jaas");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaConnection that && bootstrapServers.equals(that.bootstrapServers)
                && clientProperties.equals(that.clientProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bootstrapServers, clientProperties);
    }

    /** The bootstrap servers and the security protocol only: the other properties may carry secrets. */
    @Override
    public String toString() {
        return bootstrapServers + " (" + clientProperties.getOrDefault("security.protocol", "PLAINTEXT") + ")";
    }
}
