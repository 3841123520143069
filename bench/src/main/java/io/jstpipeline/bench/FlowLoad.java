package io.jstpipeline.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.sandbox.QimenGateway;
import java.util.List;

/**
 * A flow the benchmark moves, as its own shape of load: outbound notes make one row per item in one table; orders
 * make a row per payment and a row per item in two.
 *
 * @param flow       the flow's name, as the extractor and the raw topic know it
 * @param documents  what a document is, for the report
 * @param tables     the tables its rows go to
 * @param documentId the field naming a document, in its raw record and in every one of its rows
 */
record FlowLoad(String flow, String documents, List<TableMapping> tables, String documentId) {

    static final FlowLoad OUTBOUND_NOTES = of("saleout", "outbound notes");
    static final FlowLoad ORDERS = of("order", "orders");

    private static FlowLoad of(String flow, String documents) {
        List<TableMapping> tables = DemoPipeline.MAPPINGS.tables().stream()
                .filter(table -> table.flow().equals(flow)).toList();
        return new FlowLoad(flow, documents, tables, tables.get(0).documentId());
    }

    /** The gateway's documents of this flow. */
    List<ObjectNode> documents(QimenGateway gateway) {
        return flow.equals(ORDERS.flow) ? gateway.orders() : gateway.saleouts();
    }

    /** How many rows the gateway's documents of this flow make, over all its tables. */
    long rows(QimenGateway gateway) {
        List<ObjectNode> documents = documents(gateway);
        long rows = 0;
        for (TableMapping table : tables) {
            TableRowSource source = new TableRowSource(table);
            rows += documents.stream().mapToLong(document -> source.rows(document).size()).sum();
        }
        return rows;
    }

    /** "a and b". */
    String tableNames() {
        return String.join(" and ", tables.stream().map(TableMapping::name).toList());
    }

    boolean writes(TableMapping table) {
        return tables.stream().anyMatch(t -> t.name().equals(table.name()));
    }
}
