package io.jstpipeline.transformer;

import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.mapping.Mappings;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Runs the row topology of every mapped table as one Kafka Streams application; more instances with the
 * same id share the partitions (all state lives in the versions stores, which move with them).
 */
public final class TransformerService implements AutoCloseable {

    public static final String DEFAULT_APPLICATION_ID = "jst-transformer";
    /** What a stream thread's consumer adds to its Streams client id. */
    public static final String STREAM_THREAD_SUFFIX = "-StreamThread-\\d+-consumer$";

    private final KafkaStreams streams;
    /** The Streams client's own metrics (kafka_stream_*) in Micrometer's global registry, while it runs. */
    private final KafkaStreamsMetrics streamsMetrics;
    /** What ended the Streams client, once something has. */
    private volatile Throwable fatal;

    public TransformerService(Mappings mappings, Properties config) {
        this.streams = new KafkaStreams(RowTopology.build(mappings), config);
        // What reaches this handler is past the topology's own handling (a missing source topic, a record the
        // producer cannot send): the client stops in ERROR, and the process, asked through failure(), with it.
        streams.setUncaughtExceptionHandler(e -> {
            fatal = e;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(Metrics.globalRegistry);
    }

    /**
     * Exactly-once processing: rows and version-store updates commit together, and raw records are
     * read committed, so an aborted extractor transaction never becomes rows.
     */
    public static Properties config(KafkaConnection kafka, String applicationId, Path stateDir) {
        // Streams hands the connection's properties (security.protocol, sasl.*, ssl.*) to each of its clients.
        Properties props = kafka.properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Each exactly-once commit blocks the thread until the transaction's records are acknowledged (tens of
        // ms): every 200 ms that took a third of the thread's time in the benchmark's profile; every second it
        // is a small part, and a row still reaches the sink within about a second (BENCHMARKS.md).
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Rows are ~1 KB of JSON: fuller, compressed batches mean fewer requests for the broker and the sink.
        // Lingering costs no latency under exactly-once, as rows are visible only at the commit, which sends
        // at once what lingers; at 20 ms, opening a compressed batch was a fifth of the stream thread's time.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 100);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        return props;
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * This instance's Streams client id, as its threads show in the application's consumer group
     * ({@code <client id>-StreamThread-<n>-consumer}); null unless it is running or rebalancing.
     */
    public String clientId() {
        if (!streams.state().isRunningOrRebalancing()) {
            return null;
        }
        return streams.metadataForLocalThreads().stream().findFirst()
                .map(thread -> thread.consumerClientId().replaceFirst(STREAM_THREAD_SUFFIX, "")).orElse(null);
    }

    /** Processing: started, and not rebalancing, failed or closing. */
    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * Why this instance can transform no more, in one line: its Streams client failed (state ERROR) and stays so
     * until the process is restarted; empty while it can.
     */
    public Optional<String> failure() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.PENDING_ERROR && state != KafkaStreams.State.ERROR) {
            return Optional.empty();
        }
        Throwable cause = fatal;
        return Optional.of(("the Streams application is in state " + state
                + (cause == null ? "" : " after " + cause)).replaceAll("\\s*\\R\\s*", " "));
    }

    /** Why this instance is not processing now (starting, rebalancing, failed), in one line; empty while it is. */
    public Optional<String> notReadyBecause() {
        return failure().or(() -> isRunning() ? Optional.empty()
                : Optional.of("the Streams application is " + streams.state()));
    }

    @Override
    public void close() {
        streamsMetrics.close();
        // Leaving the group hands this instance's partitions to the others at once, instead of after the
        // session times out: scaling in should not stall the rows.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
