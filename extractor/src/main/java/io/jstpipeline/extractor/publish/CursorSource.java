package io.jstpipeline.extractor.publish;

import java.util.Optional;

/** Where a runner finds the cursors committed so far: {@link CursorStore} on a real cluster. */
@FunctionalInterface
public interface CursorSource {

    /** The last committed cursor of {@code key}, if any. */
    Optional<Cursor> load(String key);
}
