package io.jstpipeline.demo;

import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.SinkWatchdog;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.ExtractorSettings;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.DeadLetter;
import io.jstpipeline.ops.DeadLetters;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.ops.TopicLayout;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.transformer.TransformerService;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole pipeline on the local stack: topics, table and sink connector deployed and the transformer
 * running; extractors for a gateway are started on it.
 */
public final class DemoPipeline implements AutoCloseable {

    public static final Mappings MAPPINGS = Mappings.builtIn();
    /** The outbound items table, which the tests of the whole path look at most. */
    public static final TableMapping TABLE = MAPPINGS.table("saleout_list_query");
    public static final List<FlowDefinition> FLOWS = FlowCatalog.builtIn().flows();

    private final DemoStack stack;
    private final TransformerService transformer;
    private final SinkWatchdog watchdog;

    private DemoPipeline(DemoStack stack, TransformerService transformer, SinkWatchdog watchdog) {
        this.stack = stack;
        this.transformer = transformer;
        this.watchdog = watchdog;
    }

    /** Starts the stack and the pipeline; {@code outsideDatabase} null means the embedded MariaDB. */
    public static DemoPipeline start(DatabaseTarget outsideDatabase) throws Exception {
        return start(outsideDatabase, Shape.DEFAULT, TableDdl::createTable);
    }

    /**
     * How wide the pipeline runs: partitions of every topic, Streams threads of the transformer and
     * tasks of every sink connector.
     */
    public record Shape(int partitions, int streamThreads, int sinkTasks) {
        public static final Shape DEFAULT = new Shape(DemoStack.PARTITIONS, 1, 1);
    }

    /** Starts the stack and the pipeline in the given shape, each table created by {@code ddl}. */
    public static DemoPipeline start(DatabaseTarget outsideDatabase, Shape shape,
                                      Function<TableMapping, String> ddl) throws Exception {
        DemoStack stack = DemoStack.start(outsideDatabase);
        try {
            Map<TableMapping, String> tables = new LinkedHashMap<>();
            MAPPINGS.tables().forEach(table -> tables.put(table, ddl.apply(table)));
            stack.deploy(FLOWS.stream().map(FlowDefinition::name).toList(), tables, shape.partitions(),
                    shape.sinkTasks());
            Properties streams = TransformerService.config(stack.kafka(),
                    TransformerService.DEFAULT_APPLICATION_ID, stack.workDirectory().resolve("streams"));
            streams.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, shape.streamThreads());
            TransformerService transformer = new TransformerService(MAPPINGS, streams);
            transformer.start();
            SinkWatchdog watchdog = new SinkWatchdog(stack.connectRest(),
                    MAPPINGS.tables().stream().map(t -> SinkConnectors.name(t.name())).toList(),
                    SinkWatchdog.Settings.defaults()).start();
            return new DemoPipeline(stack, transformer, watchdog);
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    /**
     * Switches on the second consumer of the row topics: a {@code <table>_history} table per table, one row
     * per row version, fed by a sink connector of its own; nothing else changes.
     */
    public void enableHistory() throws Exception {
        TopicLayout layout = new TopicLayout(DemoStack.PARTITIONS, DemoStack.REPLICATION_FACTOR);
        try (Admin admin = stack.admin()) {
            layout.create(admin, layout.sinkTopics(MAPPINGS.tables().stream().map(TableDdl::historyName).toList()));
        }
        for (TableMapping table : MAPPINGS.tables()) {
            TableSchema.create(stack.database(), TableDdl.createHistoryTable(table));
            String connector = SinkConnectors.historyName(table.name());
            stack.connectRest().putConnector(connector, stack.sinks().historyConfig(table, stack.database()));
            stack.connectRest().awaitRunning(connector, Duration.ofSeconds(60));
        }
    }

    /**
     * An extractor of every flow for one gateway, publishing into this pipeline, asking for up to
     * {@code pageConcurrency} pages at once; the caller closes it.
     */
    public ExtractorService extractor(QimenCredentials credentials, QimenCallPolicy policy, String instance,
                                      LocalDateTime firstStart, int pageConcurrency) {
        return new ExtractorService(ExtractorSettings.of(credentials, stack.kafka(), FLOWS, firstStart)
                .withCallPolicy(policy).withInstance(instance).withPageConcurrency(pageConcurrency));
    }

    /** The credentials of a sandbox gateway. */
    public static QimenCredentials credentialsOf(QimenGateway gateway) {
        return new QimenCredentials(gateway.gatewayUrl(), gateway.appKey(), gateway.appSecret(), gateway.customerId());
    }

    /** A plain producer into this pipeline's broker, for putting records in by hand; the caller closes it. */
    public Producer<String, String> producer() {
        return new KafkaProducer<>(stack.kafka().properties(), new StringSerializer(), new StringSerializer());
    }

    /** Restarts failed sink tasks; its health shows what it did. */
    public SinkWatchdog watchdog() {
        return watchdog;
    }

    /** The transformer is processing (Kafka Streams RUNNING): what a readiness check of the pipeline asks. */
    public boolean transformerRunning() {
        return transformer.isRunning();
    }

    public DemoStack stack() {
        return stack;
    }

    public TableRows tableRows() {
        return new TableRows(stack.database());
    }

    /**
     * Records in the transformer's and the sink's dead-letter topics, counted as read: the transformer writes its
     * dead letters in transactions, whose commit markers take offsets too.
     */
    public long deadLetters() {
        return deadLetterRecords().size();
    }

    /** The records of the transformer's and the sink's dead-letter topics, as they stand. */
    public List<DeadLetter> deadLetterRecords() {
        List<DeadLetter> letters = new ArrayList<>();
        deadLetterTopics().forEach(topic -> letters.addAll(DeadLetters.read(stack.kafka(), topic)));
        return letters;
    }

    private static List<String> deadLetterTopics() {
        List<String> topics = new ArrayList<>(List.of(Topics.TRANSFORM_DLQ));
        MAPPINGS.tables().forEach(table -> topics.add(Topics.sinkDlq(table.name())));
        return topics;
    }

    /** Where to look: broker, Connect REST API and database, for a person exploring the running demo. */
    public Map<String, String> endpoints() {
        return Map.of(
                "Kafka bootstrap servers", stack.bootstrapServers(),
                "Kafka Connect REST API", stack.connectRest().baseUrl(),
                "MySQL (JDBC)", stack.database().redactedUrl() + " (user " + stack.database().user() + ")");
    }

    @Override
    public void close() {
        watchdog.close();
        transformer.close();
        stack.close();
    }
}
