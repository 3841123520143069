package io.jstpipeline.transformer.row;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.transformer.table.Column;
import io.jstpipeline.transformer.table.TableDefinition;
import java.util.ArrayList;
import java.util.List;

/** Flattens one document into its table's rows: the document's fields beside each item's. */
public final class DocumentFlattener {

    /** A row ready for the table: its id and its typed column values. */
    public record Row(String id, ObjectNode payload) {
    }

    /** A row, or a whole document when {@code rowId} is null, that cannot go to the table. */
    public record Rejection(String rowId, RowRejected reason) {
    }

    /** What one document gave: the good rows and the rejected ones, never both lost for one bad value. */
    public record Result(List<Row> rows, List<Rejection> rejections) {
    }

    private static final String ITEMS = "items";

    private final TableDefinition table;

    public DocumentFlattener(TableDefinition table) {
        this.table = table;
    }

    public Result flatten(JsonNode document) {
        JsonNode documentId = document.path(table.documentIdField());
        JsonNode items = document.path(ITEMS);
        if (!documentId.isValueNode() || documentId.asText().isBlank()) {
            return rejected(new RowRejected(table.documentIdField(), "document has no " + table.documentIdField()));
        }
        if (!items.isArray() || items.isEmpty()) {
            return rejected(new RowRejected(ITEMS, "document " + documentId.asText() + " has no items"));
        }
        List<Row> rows = new ArrayList<>(items.size());
        List<Rejection> rejections = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode itemId = item.path(table.itemIdField());
            if (!itemId.isValueNode() || itemId.asText().isBlank()) {
                rejections.add(new Rejection(null, new RowRejected(ITEMS + "." + table.itemIdField(),
                        "an item of document " + documentId.asText() + " has no " + table.itemIdField())));
                continue;
            }
            String id = table.rowId(documentId.asText(), itemId.asText());
            try {
                rows.add(new Row(id, payload(id, document, item)));
            } catch (RowRejected e) {
                rejections.add(new Rejection(id, e));
            }
        }
        return new Result(rows, rejections);
    }

    private ObjectNode payload(String id, JsonNode document, JsonNode item) throws RowRejected {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.put(table.idColumn(), id);
        for (Column column : table.columns()) {
            JsonNode source = (column.fromItem() ? item : document).get(column.field());
            payload.set(column.name(), ValueConverter.convert(column.name(), column.type(), source));
        }
        return payload;
    }

    private static Result rejected(RowRejected reason) {
        return new Result(List.of(), List.of(new Rejection(null, reason)));
    }
}
