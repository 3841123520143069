package io.jstpipeline.app.local;

import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.extractor.ExtractionListener;
import io.jstpipeline.extractor.ExtractionResult;
import io.jstpipeline.extractor.FlowDefinition;
import io.jstpipeline.extractor.FlowExtractor;
import io.jstpipeline.extractor.QimenClient;
import io.jstpipeline.extractor.QimenCredentials;
import io.jstpipeline.extractor.RawPublisher;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.transformer.TransformerService;
import io.jstpipeline.transformer.table.SaleoutListQuery;
import io.jstpipeline.transformer.table.TableDefinition;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The whole pipeline on the local stack: topics, table and sink connector deployed, the transformer
 * running, and a producer for the extractor to publish raw documents with.
 */
public final class LocalPipeline implements AutoCloseable {

    public static final TableDefinition TABLE = SaleoutListQuery.TABLE;
    public static final String FLOW = TABLE.flow();

    private final LocalStack stack;
    private final TransformerService transformer;
    private final Producer<String, String> rawProducer;

    private LocalPipeline(LocalStack stack, TransformerService transformer, Producer<String, String> rawProducer) {
        this.stack = stack;
        this.transformer = transformer;
        this.rawProducer = rawProducer;
    }

    /** Starts the stack and the pipeline; {@code outsideDatabase} null means the embedded MariaDB. */
    public static LocalPipeline start(DatabaseTarget outsideDatabase) throws Exception {
        LocalStack stack = LocalStack.start(outsideDatabase);
        try {
            stack.deploy(List.of(FLOW), List.of(TABLE.name()));
            TransformerService transformer = new TransformerService(TABLE, TransformerService.config(
                    stack.bootstrapServers(), TransformerService.DEFAULT_APPLICATION_ID,
                    stack.workDirectory().resolve("streams")));
            transformer.start();
            Producer<String, String> producer = new KafkaProducer<>(RawPublisher.producerProperties(stack.bootstrapServers()));
            return new LocalPipeline(stack, transformer, producer);
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    /** Pulls every sales outbound note modified in {@code [from, to)} into the raw topic. */
    public ExtractionResult extract(QimenCredentials credentials, LocalDateTime from, LocalDateTime to,
                                    ExtractionListener listener) throws InterruptedException {
        try (QimenClient client = new QimenClient(credentials)) {
            return new FlowExtractor(FlowDefinition.SALEOUT, client, rawProducer).extract(from, to, listener);
        }
    }

    /** The credentials of a sandbox gateway. */
    public static QimenCredentials credentialsOf(QimenGateway gateway) {
        return new QimenCredentials(gateway.gatewayUrl(), gateway.appKey(), gateway.appSecret(), gateway.customerId());
    }

    public LocalStack stack() {
        return stack;
    }

    public Producer<String, String> rawProducer() {
        return rawProducer;
    }

    public TableRows tableRows() {
        return new TableRows(stack.database());
    }

    /** Records in the transformer's and the sink's dead-letter topics. */
    public long deadLetters() throws Exception {
        try (Admin admin = stack.admin()) {
            return DeadLetters.count(admin, List.of(Topics.TRANSFORM_DLQ, Topics.sinkDlq(TABLE.name())))
                    .values().stream().mapToLong(Long::longValue).sum();
        }
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
        rawProducer.close();
        transformer.close();
        stack.close();
    }
}
