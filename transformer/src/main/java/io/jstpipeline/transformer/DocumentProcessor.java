package io.jstpipeline.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.DocumentVersion;
import io.jstpipeline.common.LogContext;
import io.jstpipeline.common.Topics;
import io.jstpipeline.mapping.CleanedValue;
import io.jstpipeline.mapping.RowRejected;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.mapping.ValueConverter;
import io.jstpipeline.transformer.row.DocumentFlattener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * Turns each raw document into one table's rows, once per version: a document seen again with the
 * same or an older version gives nothing (unless it is a replayed dead letter of the same version), and a newer
 * one deletes (by tombstone) the rows it no longer has. Whatever cannot become a row goes to the dead-letter topic with the reason in its headers, and
 * the rest of the document still flows; a value its column's rule cleaned to keep its row is recorded in
 * {@code jst.cleaned.transform}.
 */
final class DocumentProcessor implements Processor<String, DocumentParser.Parsed, String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentProcessor.class);

    private final TableMapping table;
    private final DocumentFlattener flattener;
    /** jst_transformer_rows_total{table}: rows forwarded to the row topic, tombstones not counted. */
    private final Counter rows;
    /** jst_transformer_duplicate_items_total{table}: elements dropped for repeating a row id of their document. */
    private final Counter duplicates;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> versions;

    DocumentProcessor(TableMapping table) {
        this.table = table;
        this.flattener = new DocumentFlattener(table);
        this.rows = Metrics.counter("jst.transformer.rows", "table", table.name());
        this.duplicates = Metrics.counter("jst.transformer.duplicate.items", "table", table.name());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.versions = context.getStateStore(RowTopology.versionsStore(table));
    }

    @Override
    public void process(Record<String, DocumentParser.Parsed> parsed) {
        Record<String, byte[]> record = parsed.withValue(parsed.value().bytes());
        if (parsed.value().malformed() != null) {
            deadLetter(record, null, new RowRejected(null, parsed.value().malformed()));
            return;
        }
        JsonNode document = parsed.value().document();
        if (document == null || !document.isObject()) {
            deadLetter(record, null, new RowRejected(null, "not a JSON object"));
            return;
        }
        JsonNode idNode = document.path(table.documentId());
        String documentId = idNode.isValueNode() ? ValueConverter.clean(idNode.asText()) : "";
        if (documentId.isEmpty()) {
            deadLetter(record, null, new RowRejected(table.documentId(), "document has no " + table.documentId()));
            return;
        }
        DocumentVersion version = DocumentVersion.of(document);
        if (version == null) {
            deadLetter(record, null, new RowRejected("modified", "document has no readable modified time"));
            return;
        }
        try (LogContext documentContext = LogContext.with(LogContext.DOCUMENT, documentId)) {
            processVersion(record, document, documentId, version);
        }
    }

    private void processVersion(Record<String, byte[]> record, JsonNode document, String documentId,
                                DocumentVersion version) {
        String stored = versions.get(documentId);
        DocumentState seen = stored == null ? null : DocumentState.decode(stored);
        if (seen != null && !version.isNewerThan(seen.version()) && !replayedAgain(record, version, seen)) {
            return;
        }
        DocumentFlattener.Result result;
        try {
            result = flattener.flatten(document);
        } catch (RowRejected e) {
            deadLetter(record, null, e);
            return;
        }
        List<String> rowIds = result.rowIds();
        if (seen != null) {
            Set<String> kept = new HashSet<>(rowIds);
            seen.rowIds().stream().filter(id -> !kept.contains(id)).forEach(id -> forwardRow(record, id, null));
        }
        result.rows().forEach(row -> forwardRow(record, row.id(), row.json()));
        rows.increment(result.rows().size());
        duplicates.increment(result.duplicates());
        result.rejections().forEach(rejection -> deadLetter(record, rejection.rowId(), rejection.reason()));
        result.cleanings().forEach(cleaning -> noteCleaned(record, cleaning));
        versions.put(documentId, new DocumentState(version, rowIds).encode());
    }

    /**
     * Whether the document is a dead letter sent back ({@code dlq replay}) of the version rows were last made of:
     * after the operator's fix its rows are made again, as they were refused, not written. An older version never is.
     */
    private static boolean replayedAgain(Record<String, byte[]> record, DocumentVersion version, DocumentState seen) {
        return record.headers().lastHeader(Topics.REPLAY_OF) != null && version.equals(seen.version());
    }

    /** A row, or a tombstone when {@code value} is null. */
    private void forwardRow(Record<String, byte[]> record, String rowId, byte[] value) {
        context.forward(record.withKey(rowId).withValue(value).withHeaders(new RecordHeaders()),
                RowTopology.rowsSink(table));
    }

    private void deadLetter(Record<String, byte[]> record, String rowId, RowRejected reason) {
        Headers headers = new RecordHeaders();
        header(headers, "jst.error.table", table.name());
        header(headers, "jst.error.column", reason.column());
        header(headers, "jst.error.reason", reason.getMessage());
        source(headers);
        LOG.warn("dead letter for table {} (key {}, row {}): {}", table.name(), record.key(), rowId, reason.getMessage());
        context.forward(record.withKey(rowId == null ? record.key() : rowId).withHeaders(headers),
                RowTopology.DEAD_LETTER_SINK);
    }

    /** The value as sent, under the row's id, with what was done to it and why; counted per column and rule. */
    private void noteCleaned(Record<String, byte[]> record, DocumentFlattener.Cleaning cleaning) {
        CleanedValue value = cleaning.value();
        String rule = value.column().invalid().key();
        Headers headers = new RecordHeaders();
        header(headers, "jst.cleaned.table", table.name());
        header(headers, "jst.cleaned.column", value.column().name());
        header(headers, "jst.cleaned.rule", rule);
        header(headers, "jst.cleaned.reason", value.reason());
        source(headers);
        Metrics.counter("jst.transformer.cleaned.values", "table", table.name(), "column", value.column().name(),
                "rule", rule).increment();
        context.forward(record.withKey(cleaning.rowId()).withValue(value.sent().getBytes(StandardCharsets.UTF_8))
                .withHeaders(headers), RowTopology.CLEANED_SINK);
    }

    /** Where the document came from. */
    private void source(Headers headers) {
        context.recordMetadata().ifPresent((RecordMetadata source) -> {
            header(headers, "jst.source.topic", source.topic());
            header(headers, "jst.source.partition", Integer.toString(source.partition()));
            header(headers, "jst.source.offset", Long.toString(source.offset()));
        });
    }

    private static void header(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
