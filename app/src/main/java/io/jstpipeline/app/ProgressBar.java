package io.jstpipeline.app;

import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.ExtractionResult;
import io.jstpipeline.extractor.window.TimeWindow;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/** A line per window: windows done of total, documents, calls, and the time left at the pace so far. */
final class ProgressBar implements ExtractionListener {

    private static final int WIDTH = 30;

    private final String what;
    private final PrintWriter out;
    private final LongSupplier calls;
    private final long startNanos = System.nanoTime();
    private int total;
    private int alreadyDone;

    ProgressBar(String what, PrintWriter out, LongSupplier calls) {
        this.what = what;
        this.out = out;
        this.calls = calls;
    }

    @Override
    public void started(List<TimeWindow> windows, int alreadyDone) {
        this.total = windows.size();
        this.alreadyDone = alreadyDone;
        if (alreadyDone > 0) {
            out.printf("%s: resuming, %d of %d windows were done by an earlier run%n", what, alreadyDone, total);
        }
    }

    @Override
    public void windowHalved(TimeWindow window, List<TimeWindow> halves) {
        total++;
    }

    @Override
    public void windowDone(TimeWindow window, ExtractionResult totals) {
        int done = alreadyDone + totals.windows();
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        Duration left = totals.windows() == 0 ? Duration.ZERO
                : elapsed.multipliedBy(total - done).dividedBy(totals.windows());
        out.printf("%s [%s%s] %d/%d windows, %,d documents, %,d calls, ETA %s%n", what, "#".repeat(filled),
                "-".repeat(WIDTH - filled), done, total, totals.documents(), calls.getAsLong(), format(left));
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
