package io.jstpipeline.transformer.row;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.transformer.table.ColumnMapping;
import io.jstpipeline.transformer.table.RowIdTemplate;
import io.jstpipeline.transformer.table.RowRejected;
import io.jstpipeline.transformer.table.TableMapping;
import io.jstpipeline.transformer.table.ValueConverter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Flattens one document into its table's rows: the document's fields beside each element's. */
public final class DocumentFlattener {

    /** A row ready for the table: its id and its typed column values. */
    public record Row(String id, ObjectNode payload) {

        /** The row as the row topic carries it: flat JSON in UTF-8. */
        public byte[] json() {
            try {
                return Json.MAPPER.writeValueAsBytes(payload);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e); // a tree of plain values always writes
            }
        }
    }

    /** A row that cannot go to the table; {@code rowId} is null when the id itself cannot be built. */
    public record Rejection(String rowId, RowRejected reason) {
    }

    /** What one document gave: the good rows and the rejected ones, never both lost for one bad value. */
    public record Result(List<Row> rows, List<Rejection> rejections) {

        /** Every row id the document has now, rejected rows included: those are not gone from it. */
        public List<String> rowIds() {
            List<String> ids = new ArrayList<>(rows.stream().map(Row::id).toList());
            rejections.stream().map(Rejection::rowId).filter(id -> id != null).forEach(ids::add);
            return ids;
        }
    }

    private final TableMapping table;
    /** Room for every column at once: growing the map column by column showed in the transformer's profile. */
    private final int payloadCapacity;

    public DocumentFlattener(TableMapping table) {
        this.table = table;
        this.payloadCapacity = (table.columns().size() + 1) * 4 / 3 + 1;
    }

    /** The rows of a document; none when the table's filter skips it. */
    public Result flatten(JsonNode document) throws RowRejected {
        List<Row> rows = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        if (table.skip() != null && table.skip().skips(document)) {
            return new Result(rows, rejections);
        }
        if (table.explode() == null) {
            add(document, MissingNode.getInstance(), table.rowId(), rows, rejections);
            return new Result(rows, rejections);
        }
        JsonNode elements = document.path(table.explode());
        if (!elements.isArray() && !elements.isMissingNode() && !elements.isNull()) {
            throw new RowRejected(table.explode(), "is not an array");
        }
        if (elements.isEmpty() && table.keepEmpty()) {
            add(document, MissingNode.getInstance(), table.emptyRowId(), rows, rejections);
        }
        for (JsonNode element : elements) {
            add(document, element, table.rowId(), rows, rejections);
        }
        return new Result(rows, rejections);
    }

    private void add(JsonNode document, JsonNode element, RowIdTemplate template, List<Row> rows,
                     List<Rejection> rejections) {
        String id = null;
        try {
            if (!element.isMissingNode() && !element.isObject()) {
                throw new RowRejected(table.explode(), "an element is not an object: " + element);
            }
            id = template.render(document, element);
            rows.add(new Row(id, payload(id, document, element)));
        } catch (RowRejected e) {
            rejections.add(new Rejection(id, e));
        }
    }

    private ObjectNode payload(String id, JsonNode document, JsonNode element) throws RowRejected {
        ObjectNode payload = new ObjectNode(Json.MAPPER.getNodeFactory(), new LinkedHashMap<>(payloadCapacity));
        payload.put(TableMapping.ID_COLUMN, id);
        for (ColumnMapping column : table.columns()) {
            payload.set(column.name(), ValueConverter.convert(column, column.read(document, element)));
        }
        return payload;
    }
}
