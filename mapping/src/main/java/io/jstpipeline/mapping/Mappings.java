package io.jstpipeline.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Every table the transformer feeds, as one mapping file declares them: the single place a column is
 * written down, from which the topology, the rows' Connect schema and the DDL all follow.
 *
 * @param origin where the file came from, for messages
 */
public record Mappings(String origin, List<TableMapping> tables) {

    /** The mapping file shipped with the transformer. */
    public static final String BUILT_IN = "mappings.yml";

    public Mappings {
        tables = List.copyOf(tables);
    }

    /** The shipped tables: saleout_list_query, order_list_query and order_item_list_query. */
    public static Mappings builtIn() {
        try (InputStream in = Mappings.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
            }
            return MappingFile.parse("classpath:" + BUILT_IN, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A mapping file in place of the shipped one; any error in it is an IllegalArgumentException naming it. */
    public static Mappings load(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("mapping file " + file + ": cannot be read: " + e, e);
        }
        return MappingFile.parse(file.toString(), content);
    }

    public TableMapping table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(origin + " declares no table " + name));
    }
}
