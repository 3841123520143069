package io.jstpipeline.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row id such as {@code {io_id}-{items.ioi_id}}: literal text and {@code {source}} placeholders, each
 * naming the source of one of the table's columns. Never built from {@code modified}, so a changed
 * document updates its rows instead of adding new ones.
 */
public final class RowIdTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private final String text;
    private final List<String> literals;
    private final List<ColumnMapping> columns;
    private final ColumnSource[] sources;

    private RowIdTemplate(String text, List<String> literals, List<ColumnMapping> columns) {
        this.text = text;
        this.literals = literals;
        this.columns = columns;
        this.sources = columns.stream().map(ColumnSource::of).toArray(ColumnSource[]::new);
    }

    /** @param columnsBySource the table's columns by their source; every placeholder must name one */
    static RowIdTemplate parse(String text, Map<String, ColumnMapping> columnsBySource) {
        List<String> literals = new ArrayList<>();
        List<ColumnMapping> columns = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int end = 0;
        while (m.find()) {
            ColumnMapping column = columnsBySource.get(m.group(1));
            if (column == null) {
                throw new IllegalArgumentException("'" + text + "' names {" + m.group(1)
                        + "}, which is not the source of any column");
            }
            literals.add(text.substring(end, m.start()));
            columns.add(column);
            end = m.end();
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no {source} placeholder");
        }
        literals.add(text.substring(end));
        return new RowIdTemplate(text, List.copyOf(literals), List.copyOf(columns));
    }

    /** The columns whose values make the id. */
    public List<ColumnMapping> columns() {
        return columns;
    }

    /** The id of the row made from this document and element; the element is missing for an empty-array row. */
    public String render(JsonNode document, JsonNode element) throws RowRejected {
        StringBuilder id = new StringBuilder(literals.get(0));
        for (int i = 0; i < columns.size(); i++) {
            ColumnMapping column = columns.get(i);
            JsonNode value = sources[i].read(document, element);
            String part = value.isValueNode() ? ValueConverter.clean(value.asText()) : "";
            if (part.isEmpty()) {
                throw new RowRejected(column.name(), "the row id " + text + " needs " + column.source());
            }
            id.append(part).append(literals.get(i + 1));
        }
        if (id.length() > TableMapping.ID_TYPE.maxLength()) {
            throw new RowRejected(TableMapping.ID_COLUMN, "row id '" + id + "' exceeds " + TableMapping.ID_TYPE.sql());
        }
        return id.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
