package io.jstpipeline.extractor;

import io.jstpipeline.common.qimen.QimenParams;
import java.util.Objects;

/**
 * What to extract for one flow: the Qimen method, the response field holding its documents and the page
 * size to ask for.
 *
 * @param name the flow's name, which names its raw topic
 */
public record FlowDefinition(String name, String method, String listField, int pageSize) {

    /** Sales outbound notes; 50 a page is the open API's limit, so safe on every gateway. */
    public static final FlowDefinition SALEOUT = new FlowDefinition("saleout", QimenParams.SALEOUT_METHOD, "datas", 50);

    public FlowDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(listField, "listField");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
        }
    }
}
