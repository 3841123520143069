package io.jstpipeline.extractor;

import java.util.List;

/** Follows an extraction's progress, e.g. for a progress bar. Called on the extracting thread. */
public interface ExtractionListener {

    ExtractionListener NONE = new ExtractionListener() {
    };

    /** The range is cut into {@code windows}; none is fetched yet. */
    default void started(List<TimeWindow> windows) {
    }

    /** A page's documents are handed to the producer. */
    default void pageDone(TimeWindow window, QimenPage page, ExtractionResult totals) {
    }

    /** A window's documents are all flushed to Kafka. */
    default void windowDone(TimeWindow window, ExtractionResult totals) {
    }
}
