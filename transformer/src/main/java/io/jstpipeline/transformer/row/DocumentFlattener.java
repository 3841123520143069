package io.jstpipeline.transformer.row;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.mapping.CleanedValue;
import io.jstpipeline.mapping.ColumnMapping;
import io.jstpipeline.mapping.ColumnSource;
import io.jstpipeline.mapping.RowIdTemplate;
import io.jstpipeline.mapping.RowRejected;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.mapping.ValueConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Flattens one document into its table's rows: the document's fields beside each element's. A flattener and
 * its rows' {@link Row#json()} are for one thread at a time (the transformer has one per stream task).
 */
public final class DocumentFlattener {

    /** A row ready for the table: its id and its typed column values. */
    public static final class Row {

        private final String id;
        private final Object[] values;
        private final RowWriter writer;

        private Row(String id, Object[] values, RowWriter writer) {
            this.id = id;
            this.values = values;
            this.writer = writer;
        }

        public String id() {
            return id;
        }

        /** The values in the table's column order, typed as {@link ValueConverter#convert} gives them. */
        public Object[] values() {
            return values;
        }

        /** The row as the row topic carries it: flat JSON in UTF-8, the id first, then every column in order. */
        public byte[] json() {
            return writer.write(this);
        }
    }

    /**
     * Writes rows' JSON through one generator into one buffer, both kept: creating a generator for every row
     * was a tenth of the stream thread's samples. Like the flattener, for one thread at a time.
     */
    private static final class RowWriter {

        private static final SerializableString ID = new SerializedString(TableMapping.ID_COLUMN);
        /** Most rows' JSON fits one block of this size. */
        private static final int JSON_BLOCK = 2048;

        /** The table's column names, quoted once for all its rows. */
        private final SerializableString[] names;
        private final ByteArrayBuilder out = new ByteArrayBuilder(JSON_BLOCK);
        private final JsonGenerator json;

        RowWriter(SerializableString[] names) {
            this.names = names;
            try {
                this.json = Json.MAPPER.getFactory().createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a generator over memory
            }
            // Each row is a root value of its own; nothing goes between them.
            json.setRootValueSeparator(null);
        }

        byte[] write(Row row) {
            try {
                json.writeStartObject();
                json.writeFieldName(ID);
                json.writeString(row.id);
                for (int i = 0; i < row.values.length; i++) {
                    json.writeFieldName(names[i]);
                    write(row.values[i]);
                }
                json.writeEndObject();
                json.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // plain values written to memory
            } finally {
                out.reset();
            }
        }

        private void write(Object value) throws IOException {
            if (value == null) {
                json.writeNull();
            } else if (value instanceof String text) {
                json.writeString(text);
            } else if (value instanceof BigDecimal decimal) {
                json.writeNumber(decimal);
            } else if (value instanceof Integer number) {
                json.writeNumber(number.intValue());
            } else if (value instanceof Long number) {
                json.writeNumber(number.longValue());
            } else {
                json.writeBoolean((Boolean) value);
            }
        }
    }

    /** A row that cannot go to the table; {@code rowId} is null when the id itself cannot be built. */
    public record Rejection(String rowId, RowRejected reason) {
    }

    /** A value of a row that its column's rule cleaned (made NULL or cut) to keep the row. */
    public record Cleaning(String rowId, CleanedValue value) {
    }

    /**
     * What one document gave: the good rows and the rejected ones, never both lost for one bad value.
     *
     * @param cleanings  the values of the good rows cleaned by their column's rule
     * @param duplicates the elements rejected because an earlier one of the document gave the same row id
     */
    public record Result(List<Row> rows, List<Rejection> rejections, List<Cleaning> cleanings, int duplicates) {

        /** Every row id the document has now, rejected rows included: those are not gone from it. */
        public List<String> rowIds() {
            Set<String> ids = new LinkedHashSet<>(rows.stream().map(Row::id).toList());
            rejections.stream().map(Rejection::rowId).filter(id -> id != null).forEach(ids::add);
            return List.copyOf(ids);
        }
    }

    private final TableMapping table;
    private final ColumnMapping[] columns;
    private final ColumnSource[] sources;
    private final RowWriter writer;
    /** The values cleaned in the row being made; kept for the flattener's one thread. */
    private final List<CleanedValue> cleanedInRow = new ArrayList<>();

    public DocumentFlattener(TableMapping table) {
        this.table = table;
        this.columns = table.columns().toArray(ColumnMapping[]::new);
        this.sources = table.columns().stream().map(ColumnSource::of).toArray(ColumnSource[]::new);
        this.writer = new RowWriter(table.columns().stream().map(column -> new SerializedString(column.name()))
                .toArray(SerializableString[]::new));
    }

    /** The rows of a document; none when the table's filter skips it. */
    public Result flatten(JsonNode document) throws RowRejected {
        Rows rows = new Rows(document);
        if (table.skip() != null && table.skip().skips(document)) {
            return rows.result();
        }
        if (table.explode() == null) {
            rows.add(MissingNode.getInstance(), table.rowId());
            return rows.result();
        }
        JsonNode elements = document.path(table.explode());
        if (!elements.isArray() && !elements.isMissingNode() && !elements.isNull()) {
            throw new RowRejected(table.explode(), "is not an array");
        }
        if (elements.isEmpty() && table.keepEmpty()) {
            rows.add(MissingNode.getInstance(), table.emptyRowId());
        }
        for (JsonNode element : elements) {
            rows.add(element, table.rowId());
        }
        return rows.result();
    }

    /** One document's rows as they are made. */
    private final class Rows {

        private final JsonNode document;
        private final List<Row> made = new ArrayList<>();
        private final List<Rejection> rejections = new ArrayList<>();
        private final List<Cleaning> cleanings = new ArrayList<>();
        /** Row ids given so far, rejected rows' too: a later element with one of them is a duplicate. */
        private final Set<String> ids = new HashSet<>();
        private int duplicates;

        Rows(JsonNode document) {
            this.document = document;
        }

        void add(JsonNode element, RowIdTemplate template) {
            String id = null;
            try {
                if (!element.isMissingNode() && !element.isObject()) {
                    throw new RowRejected(table.explode(), "an element is not an object: " + element);
                }
                id = template.render(document, element);
                if (!ids.add(id)) {
                    duplicates++;
                    // Its row would replace the first copy's, and sums over the table would lose one element.
                    throw new RowRejected(table.explode(), "duplicate id " + elementId(template, element)
                            + " in document " + document.path(table.documentId()).asText() + " (row " + id
                            + "): the first copy is kept");
                }
                cleanedInRow.clear();
                made.add(new Row(id, values(document, element), writer));
                for (CleanedValue cleaned : cleanedInRow) {
                    cleanings.add(new Cleaning(id, cleaned));
                }
            } catch (RowRejected e) {
                rejections.add(new Rejection(id, e));
            }
        }

        Result result() {
            return new Result(made, rejections, cleanings, duplicates);
        }
    }

    /** The element's own part of its row id, e.g. the item's {@code ioi_id}. */
    private static String elementId(RowIdTemplate template, JsonNode element) {
        return template.columns().stream().filter(ColumnMapping::fromElement)
                .map(column -> element.path(column.field()).asText()).collect(Collectors.joining("/"));
    }

    /** The element is missing for a document's empty-array row. */
    private Object[] values(JsonNode document, JsonNode element) throws RowRejected {
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = ValueConverter.convert(columns[i], sources[i].read(document, element), cleanedInRow);
        }
        return values;
    }
}
