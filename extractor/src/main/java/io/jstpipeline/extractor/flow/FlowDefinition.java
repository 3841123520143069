package io.jstpipeline.extractor.flow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.LocalTime;

/**
 * What to extract for one flow, as declared in {@code flows.yml}.
 *
 * @param name              the flow's name, which names its raw topic and its cursor
 * @param method            the Qimen list method
 * @param listField         the response field holding the documents
 * @param idField           the document's own id, which tells apart its versions
 * @param pageSize          documents to ask for per page
 * @param cursor            how the flow walks forward
 * @param interval          time between incremental runs
 * @param resyncAt          China time of the daily re-read of yesterday, or null for none
 * @param maxPagesPerWindow a window holding more pages is halved before it is read
 */
public record FlowDefinition(String name, String method, String listField, String idField, int pageSize,
                             CursorMode cursor, Duration interval, LocalTime resyncAt, int maxPagesPerWindow) {

    /** How a flow walks forward through the API's documents. */
    public enum CursorMode {
        /** By {@code modified} time, window after window; pages can drift while documents change. */
        @JsonProperty("window") WINDOW,
        /** By the row version {@code ts} ({@code start_ts}); no drift, the cursor must only grow. */
        @JsonProperty("ts") TS
    }

    public FlowDefinition {
        require(name, "name");
        require(method, "method");
        require(listField, "listField");
        require(idField, "idField");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        if (cursor == null) {
            throw new IllegalArgumentException("cursor must be window or ts");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be a positive ISO-8601 duration such as PT1M, got "
                    + interval);
        }
        if (maxPagesPerWindow < 1) {
            throw new IllegalArgumentException("maxPagesPerWindow must be at least 1, got " + maxPagesPerWindow);
        }
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is missing");
        }
    }
}
