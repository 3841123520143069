package io.jstpipeline.transformer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.transformer.row.ConnectJsonFormat;
import io.jstpipeline.transformer.row.DocumentFlattener;
import io.jstpipeline.transformer.row.RowRejected;
import io.jstpipeline.transformer.table.TableDefinition;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each raw document into its table's rows, once per version: a document seen again with the
 * same or an older version gives nothing. Whatever cannot become a row goes to the dead-letter topic
 * with the reason in its headers, and the rest of the document still flows.
 */
final class DocumentProcessor implements Processor<String, String, String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentProcessor.class);

    private final TableDefinition table;
    private final DocumentFlattener flattener;
    private final ConnectJsonFormat format;
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> versions;

    DocumentProcessor(TableDefinition table) {
        this.table = table;
        this.flattener = new DocumentFlattener(table);
        this.format = new ConnectJsonFormat(table);
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.versions = context.getStateStore(RowTopology.versionsStore(table));
    }

    @Override
    public void process(Record<String, String> record) {
        JsonNode document;
        try {
            document = Json.MAPPER.readTree(record.value() == null ? "" : record.value());
        } catch (JsonProcessingException e) {
            deadLetter(record, null, new RowRejected(null, "malformed JSON: " + e.getOriginalMessage()));
            return;
        }
        if (document == null || !document.isObject()) {
            deadLetter(record, null, new RowRejected(null, "not a JSON object"));
            return;
        }
        DocumentVersion version = DocumentVersion.of(document);
        if (version == null) {
            deadLetter(record, null, new RowRejected("modified", "document has no readable modified time"));
            return;
        }
        String documentId = document.path(table.documentIdField()).asText();
        String seen = versions.get(documentId);
        if (seen != null && !version.isNewerThan(DocumentVersion.decode(seen))) {
            return;
        }
        DocumentFlattener.Result result = flattener.flatten(document);
        for (DocumentFlattener.Row row : result.rows()) {
            context.forward(record.withKey(row.id()).withValue(format.envelope(row.payload()).toString())
                    .withHeaders(new RecordHeaders()), RowTopology.ROWS_SINK);
        }
        for (DocumentFlattener.Rejection rejection : result.rejections()) {
            deadLetter(record, rejection.rowId(), rejection.reason());
        }
        if (!documentId.isEmpty()) {
            versions.put(documentId, version.encode());
        }
    }

    private void deadLetter(Record<String, String> record, String rowId, RowRejected reason) {
        Headers headers = new RecordHeaders();
        header(headers, "jst.error.table", table.name());
        header(headers, "jst.error.column", reason.column());
        header(headers, "jst.error.reason", reason.getMessage());
        context.recordMetadata().ifPresent((RecordMetadata source) -> {
            header(headers, "jst.source.topic", source.topic());
            header(headers, "jst.source.partition", Integer.toString(source.partition()));
            header(headers, "jst.source.offset", Long.toString(source.offset()));
        });
        LOG.warn("dead letter for table {} (key {}, row {}): {}", table.name(), record.key(), rowId, reason.getMessage());
        context.forward(record.withKey(rowId == null ? record.key() : rowId).withHeaders(headers),
                RowTopology.DEAD_LETTER_SINK);
    }

    private static void header(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
