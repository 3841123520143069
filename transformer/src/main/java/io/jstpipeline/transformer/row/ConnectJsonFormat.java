package io.jstpipeline.transformer.row;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.transformer.table.ColumnMapping;
import io.jstpipeline.transformer.table.ColumnType;
import io.jstpipeline.transformer.table.TableMapping;

/**
 * The row topics' value format: Kafka Connect's JSON with schema ({@code {"schema": …, "payload": …}}),
 * which the JDBC sink reads with {@code JsonConverter} and {@code schemas.enable=true}, and any other
 * consumer reads as plain JSON. The schema is built once per table from its mapping; a deleted row is a
 * tombstone (a null value), which the sink turns into a DELETE.
 */
public final class ConnectJsonFormat {

    private final JsonNode schema;

    public ConnectJsonFormat(TableMapping table) {
        ObjectNode struct = Json.MAPPER.createObjectNode()
                .put("type", "struct")
                .put("name", "jst." + table.name())
                .put("optional", false);
        ArrayNode fields = struct.putArray("fields");
        fields.add(field(TableMapping.ID_COLUMN, TableMapping.ID_TYPE, false));
        for (ColumnMapping column : table.columns()) {
            fields.add(field(column.name(), column.type(), !column.required()));
        }
        this.schema = struct;
    }

    public JsonNode schema() {
        return schema;
    }

    /** The message for one row: the shared schema beside the row's payload. */
    public ObjectNode envelope(ObjectNode payload) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.set("schema", schema);
        message.set("payload", payload);
        return message;
    }

    private static ObjectNode field(String name, ColumnType type, boolean optional) {
        ObjectNode field = Json.MAPPER.createObjectNode().put("field", name).put("optional", optional);
        if (type instanceof ColumnType.Text) {
            field.put("type", "string");
        } else if (type instanceof ColumnType.Decimal d) {
            field.put("type", "bytes")
                    .put("name", "org.apache.kafka.connect.data.Decimal")
                    .put("version", 1);
            field.putObject("parameters")
                    .put("scale", Integer.toString(d.scale()))
                    .put("connect.decimal.precision", Integer.toString(d.precision()));
        } else if (type instanceof ColumnType.Int) {
            field.put("type", "int32");
        } else if (type instanceof ColumnType.BigInt) {
            field.put("type", "int64");
        } else if (type instanceof ColumnType.DateTime) {
            field.put("type", "int64")
                    .put("name", "org.apache.kafka.connect.data.Timestamp")
                    .put("version", 1);
        } else {
            field.put("type", "boolean");
        }
        return field;
    }
}
