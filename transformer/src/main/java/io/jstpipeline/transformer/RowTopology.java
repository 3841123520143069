package io.jstpipeline.transformer;

import io.jstpipeline.common.Topics;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableMapping;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The transformer's topology: one source per raw topic {@code jst.raw.<flow>}, its documents parsed once, feeding
 * one processor per table that reads it (flatten, clean, validate, dedupe by version, with its own versions store) →
 * {@code jst.rows.<table>}, with rejects to the shared {@code jst.dlq.transform} and values cleaned to keep their
 * rows to the shared {@code jst.cleaned.transform}. Built apart from any
 * broker so that {@code TopologyTestDriver} tests it as it runs.
 *
 * <p>Values stay UTF-8 bytes from the raw topic to the row topic: the documents are mostly Chinese text, and
 * decoding them into Java strings and encoding the rows back was a tenth of the transformer's time.
 */
public final class RowTopology {

    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String CLEANED_SINK = "cleaned-values";

    private RowTopology() {
    }

    public static Topology build(Mappings mappings) {
        Topology topology = new Topology();
        Set<String> sources = new HashSet<>();
        for (TableMapping table : mappings.tables()) {
            String source = "raw-" + table.flow();
            String parser = "parse-" + table.flow();
            if (sources.add(source)) {
                topology.addSource(source, new StringDeserializer(), new ByteArrayDeserializer(),
                        Topics.raw(table.flow()));
                topology.addProcessor(parser, DocumentParser::new, source);
            }
            String processor = processor(table);
            topology.addProcessor(processor, () -> new DocumentProcessor(table), parser);
            topology.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(versionsStore(table)), Serdes.String(), Serdes.String()), processor);
            topology.addSink(rowsSink(table), Topics.rows(table.name()), new StringSerializer(),
                    new ByteArraySerializer(), processor);
        }
        String[] processors = mappings.tables().stream().map(RowTopology::processor).toArray(String[]::new);
        topology.addSink(DEAD_LETTER_SINK, Topics.TRANSFORM_DLQ, new StringSerializer(), new ByteArraySerializer(),
                processors);
        topology.addSink(CLEANED_SINK, Topics.TRANSFORM_CLEANED, new StringSerializer(), new ByteArraySerializer(),
                processors);
        return topology;
    }

    /** Per document id, the last version seen and the row ids it gave. */
    static String versionsStore(TableMapping table) {
        return table.name() + "-document-versions";
    }

    private static String processor(TableMapping table) {
        return "flatten-" + table.name();
    }

    static String rowsSink(TableMapping table) {
        return "rows-" + table.name();
    }
}
