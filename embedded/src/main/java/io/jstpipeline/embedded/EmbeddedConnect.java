package io.jstpipeline.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;

/**
 * An in-process Kafka Connect worker (standalone mode) with its REST API on a free local port; the
 * plugins come from the classpath. Connectors are put through the REST API,
 * as they would be on a Connect cluster.
 */
public final class EmbeddedConnect implements AutoCloseable {

    private final Connect<StandaloneHerder> connect;

    private EmbeddedConnect(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    public static EmbeddedConnect start(Map<String, String> workerProperties, String bootstrapServers,
                                        Path workDirectory) {
        Map<String, String> props = new HashMap<>(workerProperties);
        props.put("bootstrap.servers", bootstrapServers);
        props.put("offset.storage.file.filename", workDirectory.resolve("connect.offsets").toString());
        // http on a free local port, unless the caller's properties give a listener (https, for the TLS tests).
        props.putIfAbsent("listeners", "http://127.0.0.1:0");
        return new EmbeddedConnect(new ConnectStandalone().startConnect(props));
    }

    /** The worker's herder: what its REST API calls, for tests that put and watch connectors without a client. */
    public Herder herder() {
        return connect.herder();
    }

    /** The REST API's base URL, e.g. {@code http://127.0.0.1:40123/}. */
    public String restUrl() {
        return connect.rest().advertisedUrl().toString();
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
