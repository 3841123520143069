package io.jstpipeline.jdbcsink;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.mapping.ColumnMapping;
import io.jstpipeline.mapping.ColumnType;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableMapping;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/**
 * Reads the row topics for the JDBC sink: each value is one row as a flat JSON object (column → typed value),
 * and the Connect schema comes from the table's mapping, built once, instead of travelling in every message
 * as {@code JsonConverter} with {@code schemas.enable} needs. That made the schema four times the size of the
 * row and parsing it the sink's largest cost (BENCHMARKS.md). A message that does carry
 * {@code {"schema": …, "payload": …}} is still read, through {@code JsonConverter}.
 *
 * <p>DATETIME values are epoch milliseconds of the China wall-clock time at UTC, DECIMAL values JSON numbers
 * with the column's scale; a null value is a tombstone, which the sink turns into a DELETE.
 */
public final class RowConverter implements Converter {

    public static final String TABLE_CONFIG = "table";
    public static final String MAPPINGS_FILE_CONFIG = "mappings.file";
    public static final String COLUMNS_CONFIG = "columns";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TABLE_CONFIG, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "The mapped table whose rows the topic holds.")
            .define(COLUMNS_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH,
                    "The table's columns after the id, as the mapping the transformer uses declares them: a JSON "
                            + "array of {\"name\", \"type\" (string(n), decimal(p,s), int, bigint, datetime, boolean), "
                            + "\"required\"}, as `connectors apply` renders it; empty: the table's mapping from "
                            + "mappings.file.")
            .define(MAPPINGS_FILE_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM,
                    "A mappings.yml on the worker declaring the table, when no schema is given; empty: the built-in "
                            + "mappings.");

    private String table;
    private Schema schema;
    /** Per field of {@link #schema}, in its order: how a JSON value becomes the field's value. */
    private FieldReader[] readers;
    private final JsonConverter withSchema = new JsonConverter();

    /** Reads one field's value from the parser's current, non-null value; decided once per field. */
    private interface FieldReader {
        Object read(JsonParser value) throws IOException;
    }

    /** For a Connect worker, which then calls {@link #configure}. */
    public RowConverter() {
    }

    /** A converter of one table's rows, configured. */
    public static RowConverter of(TableMapping table) {
        RowConverter converter = new RowConverter();
        converter.configure(table);
        return converter;
    }

    /** One column of the rows after the id: what the schema needs of a mapping's column. */
    private record RowColumn(String name, ColumnType type, boolean required) {
    }

    /**
     * The {@link #COLUMNS_CONFIG} of a table, so that the worker needs no copy of the mapping. Plain JSON, read
     * with the plugin's own Jackson: a worker's JsonConverter cannot take a tree of the plugin's class loader.
     */
    public static String columnsConfig(TableMapping table) {
        ArrayNode columns = Json.MAPPER.createArrayNode();
        for (ColumnMapping column : table.columns()) {
            columns.addObject().put("name", column.name()).put("type", column.type().spec())
                    .put("required", column.required());
        }
        return columns.toString();
    }

    private static List<RowColumn> columns(String config) {
        try {
            List<RowColumn> columns = new ArrayList<>();
            for (JsonNode column : Json.MAPPER.readTree(config)) {
                if (!column.path("name").isTextual() || !column.path("type").isTextual()) {
                    throw new IllegalArgumentException("each column needs a name and a type: " + column);
                }
                columns.add(new RowColumn(column.get("name").asText(), ColumnType.parse(column.get("type").asText()),
                        column.path("required").asBoolean(false)));
            }
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("no columns");
            }
            return columns;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(COLUMNS_CONFIG, config, "not a JSON array of the table's columns: "
                    + e.getMessage());
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, configs);
        String table = config.getString(TABLE_CONFIG);
        String columns = config.getString(COLUMNS_CONFIG);
        if (!columns.isBlank()) {
            configure(table, schema(table, columns(columns)));
            return;
        }
        String file = config.getString(MAPPINGS_FILE_CONFIG);
        Mappings mappings = file.isBlank() ? Mappings.builtIn() : Mappings.load(Path.of(file));
        if (mappings.tables().stream().noneMatch(t -> t.name().equals(table))) {
            throw new ConfigException(TABLE_CONFIG, table, "no such table in the mappings");
        }
        configure(mappings.table(table));
    }

    private void configure(TableMapping table) {
        configure(table.name(), schema(table));
    }

    private void configure(String table, Schema rows) {
        this.table = table;
        schema = rows;
        readers = schema.fields().stream().map(RowConverter::reader).toArray(FieldReader[]::new);
        withSchema.configure(Map.of("schemas.enable", "true", "decimal.format", "NUMERIC"), false);
    }

    /** The Connect schema of a table's rows: the id, then the columns in mapping order. */
    public static Schema schema(TableMapping table) {
        return schema(table.name(), table.columns().stream()
                .map(c -> new RowColumn(c.name(), c.type(), c.required())).toList());
    }

    private static Schema schema(String table, List<RowColumn> columns) {
        SchemaBuilder struct = SchemaBuilder.struct().name("jst." + table);
        struct.field(TableMapping.ID_COLUMN, Schema.STRING_SCHEMA);
        for (RowColumn column : columns) {
            SchemaBuilder field = field(column.type());
            struct.field(column.name(), (column.required() ? field : field.optional()).build());
        }
        return struct.build();
    }

    private static SchemaBuilder field(ColumnType type) {
        if (type instanceof ColumnType.Text) {
            return SchemaBuilder.string();
        } else if (type instanceof ColumnType.Decimal d) {
            return Decimal.builder(d.scale()).parameter("connect.decimal.precision", Integer.toString(d.precision()));
        } else if (type instanceof ColumnType.Int) {
            return SchemaBuilder.int32();
        } else if (type instanceof ColumnType.BigInt) {
            return SchemaBuilder.int64();
        } else if (type instanceof ColumnType.DateTime) {
            return Timestamp.builder();
        }
        return SchemaBuilder.bool();
    }

    /**
     * Reads the row in one streaming pass, straight into the struct's values: no tree of the row is built,
     * which halved the conversion's cost in the sink's profile (BENCHMARKS.md).
     */
    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        Object[] values = new Object[readers.length];
        List<Field> fields = schema.fields();
        boolean hasSchema = false;
        boolean hasPayload = false;
        String unknown = null;
        boolean[] present = new boolean[readers.length];
        int presentCount = 0;
        try (JsonParser parser = Json.MAPPER.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DataException("a record of " + topic + " is not a JSON object");
            }
            int expected = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                // The transformer writes the columns in the schema's order: expect the next one before looking
                // the name up, which hashed every column's name and was a sixth of the sink task's samples.
                Field field = expected < fields.size() && fields.get(expected).name().equals(name)
                        ? fields.get(expected) : schema.field(name);
                if (field == null) {
                    hasSchema |= name.equals("schema");
                    hasPayload |= name.equals("payload");
                    unknown = unknown == null ? name : unknown;
                    parser.skipChildren();
                    continue;
                }
                expected = field.index() + 1;
                if (!present[field.index()]) {
                    present[field.index()] = true;
                    presentCount++;
                }
                if (token.isStructStart()) {
                    throw new DataException("column " + name + " of a record of " + topic + " is not a value");
                } else if (token != JsonToken.VALUE_NULL) {
                    values[field.index()] = read(parser, field, topic);
                }
            }
        } catch (IOException | NumberFormatException | ArithmeticException e) {
            throw new DataException("a record of " + topic + " is not JSON of its row: " + e.getMessage(), e);
        }
        if (hasSchema && hasPayload) {
            return withSchema.toConnectData(topic, value);
        }
        // The transformer writes every column, NULLs too: a row with other columns was made by another mapping,
        // and writing it would put NULLs where its values belong.
        if (unknown != null) {
            throw mismatch(topic, "has a column " + unknown + " that " + table + "'s row schema lacks");
        }
        if (presentCount < fields.size()) {
            for (int i = 0; i < present.length; i++) {
                if (!present[i]) {
                    throw mismatch(topic, "lacks the column " + fields.get(i).name() + " of " + table + "'s row schema");
                }
            }
        }
        Struct struct = new Struct(schema);
        for (int i = 0; i < values.length; i++) {
            Field field = fields.get(i);
            // A struct's values start out null, and Struct.put builds a message string for every value it checks.
            if (values[i] != null) {
                struct.put(field, values[i]);
            } else if (!field.schema().isOptional()) {
                throw new DataException("required column \"" + field.name() + "\" of a record of " + topic
                        + " is missing or null");
            }
        }
        return new SchemaAndValue(schema, struct);
    }

    private static DataException mismatch(String topic, String what) {
        return new DataException("a record of " + topic + " " + what + ": the transformer's mapping and the sink "
                + "connector's differ; put the connectors again with the transformer's mappings file "
                + "(jst-pipeline connectors apply --mappings-file …)");
    }

    private Object read(JsonParser parser, Field field, String topic) {
        try {
            return readers[field.index()].read(parser);
        } catch (IOException | NumberFormatException | ArithmeticException e) {
            throw new DataException("column " + field.name() + " of a record of " + topic + " is not of type "
                    + field.schema().type().getName() + ": " + e.getMessage(), e);
        }
    }

    private static FieldReader reader(Field field) {
        Schema schema = field.schema();
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
            int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
            return value -> (value.currentToken().isNumeric() ? value.getDecimalValue()
                    : new BigDecimal(value.getText())).setScale(scale, RoundingMode.UNNECESSARY);
        }
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return value -> new Date(longOf(value));
        }
        // Numbers and flags as JSON values or as their text, and nothing else: the parser's getValueAsInt and
        // the like would read any other text as 0 or false, and write it to the table.
        return switch (schema.type()) {
            case STRING -> JsonParser::getValueAsString;
            case INT32 -> value -> value.currentToken() == JsonToken.VALUE_NUMBER_INT ? value.getIntValue()
                    : Integer.parseInt(value.getText());
            case INT64 -> RowConverter::longOf;
            case BOOLEAN -> RowConverter::booleanOf;
            default -> throw new DataException("column " + field.name() + " has a type rows do not use: " + schema);
        };
    }

    private static long longOf(JsonParser value) throws IOException {
        return value.currentToken() == JsonToken.VALUE_NUMBER_INT ? value.getLongValue()
                : Long.parseLong(value.getText());
    }

    private static boolean booleanOf(JsonParser value) throws IOException {
        return switch (value.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> switch (value.getText()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new NumberFormatException("'" + value.getText() + "' is no boolean");
            };
        };
    }

    /** The compact row of a struct, e.g. for a record the worker writes back to Kafka. */
    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        Struct struct = (Struct) value;
        ObjectNode row = Json.MAPPER.createObjectNode();
        for (Field field : struct.schema().fields()) {
            Object v = struct.get(field);
            if (v instanceof Date date) {
                row.put(field.name(), date.getTime());
            } else {
                row.putPOJO(field.name(), v);
            }
        }
        try {
            return Json.MAPPER.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new DataException("cannot write a row of " + topic, e);
        }
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }
}
