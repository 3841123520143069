package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.ORDER_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.SALEOUT_METHOD;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The document kinds the gateway serves, each at its own method with its own id, list field and limits. */
enum DocumentKind {

    // 50 is the open API's limit for outbound notes (one Qimen client allows 100; 50 is the safe one).
    SALEOUT(SALEOUT_METHOD, "sales outbound note", "io_id", "datas", 50, SaleoutGenerator.STATUSES),
    ORDER(ORDER_METHOD, "sales order", "o_id", "orders", 100, OrderGenerator.STATUSES);

    private final String method;
    private final String label;
    private final String idField;
    private final String listField;
    private final int maxPageSize;
    private final List<String> statuses;

    DocumentKind(String method, String label, String idField, String listField, int maxPageSize,
                 List<String> statuses) {
        this.method = method;
        this.label = label;
        this.idField = idField;
        this.listField = listField;
        this.maxPageSize = maxPageSize;
        this.statuses = statuses;
    }

    static Optional<DocumentKind> servedAt(String method) {
        return Arrays.stream(values()).filter(kind -> kind.method.equals(method)).findFirst();
    }

    String method() {
        return method;
    }

    /** What one document is called, for messages. */
    String label() {
        return label;
    }

    String idField() {
        return idField;
    }

    long idOf(JsonNode document) {
        return document.get(idField).asLong();
    }

    /** The field of a successful response that holds the page's documents. */
    String listField() {
        return listField;
    }

    int maxPageSize() {
        return maxPageSize;
    }

    /** Every status a document of this kind can have, and so every value the {@code status} filter accepts. */
    List<String> statuses() {
        return statuses;
    }
}
