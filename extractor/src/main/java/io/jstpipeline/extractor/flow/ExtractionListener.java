package io.jstpipeline.extractor.flow;

import io.jstpipeline.extractor.window.TimeWindow;
import java.util.List;

/** Follows an extraction's progress, e.g. for a progress bar. Called on the extracting thread. */
public interface ExtractionListener {

    ExtractionListener NONE = new ExtractionListener() {
    };

    /** The range is cut into {@code windows}; {@code alreadyDone} of them were done by an earlier run. */
    default void started(List<TimeWindow> windows, int alreadyDone) {
    }

    /** A window held too many pages and is read as two halves instead: one more window in all. */
    default void windowHalved(TimeWindow window, List<TimeWindow> halves) {
    }

    /** A window's documents and the cursor after it are committed to Kafka. */
    default void windowDone(TimeWindow window, ExtractionResult totals) {
    }
}
