package io.jstpipeline.extractor;

/**
 * What an extraction did, in all or so far.
 *
 * @param windows   windows done: every page fetched and every document flushed to Kafka
 * @param pages     pages fetched
 * @param calls     calls made to the gateway, failed attempts included
 * @param documents documents published
 */
public record ExtractionResult(int windows, long pages, long calls, long documents) {
}
