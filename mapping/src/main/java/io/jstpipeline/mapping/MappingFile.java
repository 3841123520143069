package io.jstpipeline.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads and checks a mapping file (see the shipped {@code mappings.yml} for its format). Every mistake
 * stops start-up with a message naming the file, the table and the column or key at fault.
 */
final class MappingFile {

    private static final ObjectMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)?");
    private static final String NO_ARRAY = "none";

    private static final Set<String> ROOT_KEYS = Set.of("tables");
    private static final Set<String> TABLE_KEYS = Set.of("name", "flow", "document_id", "explode", "keep_empty",
            "row_id", "empty_row_id", "skip", "indexes", "columns");
    /** {@code too_long} is the older spelling of {@code invalid}, still read. */
    private static final Set<String> COLUMN_KEYS = Set.of("name", "source", "type", "required", "default",
            "invalid", "too_long", "comment");
    private static final Set<String> SKIP_KEYS = Set.of("field", "in");

    /** Where in the file a check failed: the table, then the column or key. */
    private record At(String origin, String table, String part) {

        At part(String part) {
            return new At(origin, table, part);
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("mapping file " + origin
                    + (table == null ? "" : ": table " + table) + (part == null ? "" : ", " + part) + ": " + message);
        }
    }

    private MappingFile() {
    }

    static Mappings parse(String origin, byte[] content) {
        At file = new At(origin, null, null);
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (IOException e) {
            throw file.error("not valid YAML: " + e.getMessage());
        }
        checkKeys(root, ROOT_KEYS, file);
        JsonNode tableNodes = root.path("tables");
        if (!tableNodes.isArray() || tableNodes.isEmpty()) {
            throw file.error("'tables' must be a non-empty list");
        }
        List<TableMapping> tables = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode node : tableNodes) {
            TableMapping table = table(node, file);
            if (!names.add(table.name())) {
                throw new At(origin, table.name(), null).error("declared twice");
            }
            tables.add(table);
        }
        return new Mappings(origin, tables);
    }

    private static TableMapping table(JsonNode node, At file) {
        checkKeys(node, TABLE_KEYS, file.part("a table"));
        String name = name(node, "name", file.part("a table"));
        At at = new At(file.origin(), name, null);
        String flow = name(node, "flow", at.part("flow"));
        String explode = text(node, "explode", at.part("explode"));
        if (NO_ARRAY.equals(explode)) {
            explode = null;
        } else if (explode != null && !NAME.matcher(explode).matches()) {
            throw at.part("explode").error("'" + explode
                    + "' must be the name of an array field of the document (such as items or pays) or " + NO_ARRAY);
        }
        boolean keepEmpty = bool(node, "keep_empty", at.part("keep_empty"));
        if (keepEmpty && explode == null) {
            throw at.part("keep_empty").error("needs an exploded array");
        }

        List<ColumnMapping> columns = columns(node.path("columns"), explode, keepEmpty, at);
        Map<String, ColumnMapping> bySource = new HashMap<>();
        columns.forEach(c -> bySource.putIfAbsent(c.source(), c));

        String documentId = name(node, "document_id", at.part("document_id"));
        ColumnMapping idColumn = bySource.get(documentId);
        if (idColumn == null || idColumn.fromElement()) {
            throw at.part("document_id").error("'" + documentId + "' is not the source of any column");
        }
        RowIdTemplate rowId = template(node, "row_id", bySource, at.part("row_id"));
        boolean readsElement = rowId.columns().stream().anyMatch(ColumnMapping::fromElement);
        if (explode != null && !readsElement) {
            throw at.part("row_id").error("'" + rowId + "' must name a field of the " + explode
                    + " element, or the rows of one document would share an id");
        }
        RowIdTemplate emptyRowId = null;
        if (keepEmpty) {
            emptyRowId = template(node, "empty_row_id", bySource, at.part("empty_row_id"));
            if (emptyRowId.columns().stream().anyMatch(ColumnMapping::fromElement)) {
                throw at.part("empty_row_id").error("'" + emptyRowId + "' may name only fields of the document");
            }
        } else if (node.has("empty_row_id")) {
            throw at.part("empty_row_id").error("needs keep_empty: true");
        }
        return new TableMapping(name, flow, documentId, explode, keepEmpty, rowId, emptyRowId, columns,
                skip(node.get("skip"), at.part("skip")), indexes(node.path("indexes"), columns, at.part("indexes")));
    }

    private static List<ColumnMapping> columns(JsonNode nodes, String explode, boolean keepEmpty, At table) {
        if (!nodes.isArray() || nodes.isEmpty()) {
            throw table.part("columns").error("must be a non-empty list");
        }
        List<ColumnMapping> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode node : nodes) {
            checkKeys(node, COLUMN_KEYS, table.part("a column"));
            String name = name(node, "name", table.part("a column"));
            At at = table.part("column " + name);
            if (name.equals(TableMapping.ID_COLUMN) || !names.add(name)) {
                throw at.error(name.equals(TableMapping.ID_COLUMN)
                        ? "'id' is the row id, which row_id declares" : "declared twice");
            }
            ColumnMapping column = column(node, name, at);
            if (column.fromElement() && !column.source().startsWith(explode + ".")) {
                throw at.error("source '" + column.source() + "' reads an element, but the table explodes "
                        + (explode == null ? "no array" : explode));
            }
            if (column.fromElement() && column.required() && keepEmpty) {
                throw at.error("cannot be required: the row of a document with no " + explode + " leaves it empty");
            }
            columns.add(column);
        }
        return columns;
    }

    private static ColumnMapping column(JsonNode node, String name, At at) {
        String source = node.has("source") ? text(node, "source", at) : name;
        if (!SOURCE.matcher(source).matches()) {
            throw at.error("source '" + source + "' must be a field or <array>.<field>");
        }
        String typeSpec = text(node, "type", at);
        if (typeSpec == null) {
            throw at.error("has no type");
        }
        ColumnType type;
        try {
            type = ColumnType.parse(typeSpec.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw at.error(e.getMessage());
        }
        boolean required = bool(node, "required", at);
        ColumnMapping.Invalid invalid = invalid(node, type, required, at);
        String defaultValue = text(node, "default", at);
        ColumnMapping column = new ColumnMapping(name, source, type, required, defaultValue, invalid,
                text(node, "comment", at));
        if (defaultValue != null) {
            List<CleanedValue> cleaned = new ArrayList<>();
            try {
                if (ValueConverter.convert(column, TextNode.valueOf(defaultValue), cleaned) == null && cleaned.isEmpty()) {
                    throw at.error("default is empty");
                }
            } catch (RowRejected e) {
                throw at.error("default '" + defaultValue + "' does not fit: " + e.getMessage());
            }
            if (!cleaned.isEmpty()) {
                throw at.error("default '" + defaultValue + "' does not fit: " + cleaned.get(0).reason());
            }
        }
        return column;
    }

    private static ColumnMapping.Invalid invalid(JsonNode node, ColumnType type, boolean required, At at) {
        if (node.has("invalid") && node.has("too_long")) {
            throw at.error("give invalid only (too_long is its older spelling)");
        }
        String key = node.has("too_long") ? "too_long" : "invalid";
        // YAML reads a bare null as no value at all: here it names the rule.
        String rule = node.has(key) && node.get(key).isNull() ? ColumnMapping.Invalid.NULL.key() : text(node, key, at);
        if (rule == null) {
            return ColumnMapping.Invalid.byDefault(type, required);
        }
        ColumnMapping.Invalid invalid = Arrays.stream(ColumnMapping.Invalid.values())
                .filter(candidate -> candidate.key().equals(rule.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> at.error("invalid '" + rule + "' must be null, truncate or reject"));
        if (invalid == ColumnMapping.Invalid.TRUNCATE && !(type instanceof ColumnType.Text)) {
            throw at.error("truncate applies to strings only");
        }
        if (invalid == ColumnMapping.Invalid.NULL && required) {
            throw at.error("invalid: null cannot apply to a required column");
        }
        return invalid;
    }

    private static RowIdTemplate template(JsonNode node, String key, Map<String, ColumnMapping> bySource, At at) {
        String text = text(node, key, at);
        if (text == null) {
            throw at.error("is missing");
        }
        try {
            return RowIdTemplate.parse(text, bySource);
        } catch (IllegalArgumentException e) {
            throw at.error(e.getMessage());
        }
    }

    private static DocumentFilter skip(JsonNode node, At at) {
        if (node == null) {
            return null;
        }
        checkKeys(node, SKIP_KEYS, at);
        String field = name(node, "field", at);
        JsonNode values = node.path("in");
        if (!values.isArray() || values.isEmpty()) {
            throw at.error("'in' must be a non-empty list of values");
        }
        Set<String> skipped = new HashSet<>();
        values.forEach(v -> skipped.add(ValueConverter.clean(v.asText())));
        return new DocumentFilter(field, skipped);
    }

    private static List<List<String>> indexes(JsonNode nodes, List<ColumnMapping> columns, At at) {
        Set<String> known = new HashSet<>(List.of(TableMapping.ID_COLUMN));
        columns.forEach(c -> known.add(c.name()));
        List<List<String>> indexes = new ArrayList<>();
        for (JsonNode node : nodes) {
            List<String> index = Arrays.stream(node.asText().split(",")).map(String::strip).toList();
            for (String column : index) {
                if (!known.contains(column)) {
                    throw at.part("column " + column).error("indexed but not declared");
                }
            }
            indexes.add(index);
        }
        return indexes;
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, At at) {
        if (node == null || !node.isObject()) {
            throw at.error("must be a mapping of keys to values");
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw at.error("unknown key '" + key + "' (expected one of " + new TreeSet<>(allowed) + ")");
            }
        });
    }

    private static String name(JsonNode node, String key, At at) {
        String name = text(node, key, at);
        if (name == null) {
            throw at.error("'" + key + "' is missing");
        }
        if (!NAME.matcher(name).matches()) {
            throw at.error("'" + key + "' " + name + " must be lower case letters, digits and _");
        }
        return name;
    }

    private static String text(JsonNode node, String key, At at) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw at.error("'" + key + "' must be a single value");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String key, At at) {
        JsonNode value = node.get(key);
        if (value != null && !value.isBoolean()) {
            throw at.error("'" + key + "' must be true or false");
        }
        return value != null && value.booleanValue();
    }
}
