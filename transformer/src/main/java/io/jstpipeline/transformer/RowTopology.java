package io.jstpipeline.transformer;

import io.jstpipeline.common.Topics;
import io.jstpipeline.transformer.table.TableDefinition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The transformer's topology: {@code jst.raw.<flow>} → flatten, validate, dedupe by version →
 * {@code jst.rows.<table>}, with rejects to {@code jst.dlq.transform}. Built apart from any broker so
 * that {@code TopologyTestDriver} tests it as it runs.
 */
public final class RowTopology {

    static final String ROWS_SINK = "rows";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private RowTopology() {
    }

    public static Topology build(TableDefinition table) {
        String source = "raw-" + table.flow();
        String processor = "flatten-" + table.name();
        Topology topology = new Topology();
        topology.addSource(source, new StringDeserializer(), new StringDeserializer(), Topics.raw(table.flow()));
        topology.addProcessor(processor, () -> new DocumentProcessor(table), source);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(versionsStore(table)), Serdes.String(), Serdes.String()), processor);
        topology.addSink(ROWS_SINK, Topics.rows(table.name()), new StringSerializer(), new StringSerializer(), processor);
        topology.addSink(DEAD_LETTER_SINK, Topics.TRANSFORM_DLQ, new StringSerializer(), new StringSerializer(), processor);
        return topology;
    }

    /** The last version seen of each document, by document id. */
    static String versionsStore(TableDefinition table) {
        return table.name() + "-versions";
    }
}
