package io.jstpipeline.app.full;

import io.jstpipeline.sandbox.SandboxOptions;
import picocli.CommandLine.Option;

/** How hard the sandbox makes the extractor's life: documents changing, faults, paging drift. */
final class SandboxStrain {

    @Option(names = "--changes-per-second", paramLabel = "N", description = "Documents created or changed a second "
            + "while the sandbox runs (new orders and outbound notes; statuses, amounts, items and payments changed, "
            + "added and removed). Default: 0.")
    double changesPerSecond;

    @Option(names = "--fault-rate", paramLabel = "F", description = "Share of the calls that fail transiently "
            + "(HTTP 502/503 with HTML, Qimen isp and call-limit codes, slow answers, dropped connections, JSON cut "
            + "short), 0 to 1. Default: 0.")
    double faultRate;

    @Option(names = "--drift-rate", paramLabel = "F", description = "Share of window pages after which a document "
            + "already served moves (paging drift), 0 to 1. Default: 0.")
    double driftRate;

    /** {@code options} with this strain, its faults and drift seeded from {@code seed}. */
    SandboxOptions applyTo(SandboxOptions options, long seed) {
        requireShare(faultRate, "--fault-rate");
        requireShare(driftRate, "--drift-rate");
        if (!(changesPerSecond >= 0 && changesPerSecond <= 1_000)) {
            throw new IllegalArgumentException("--changes-per-second must be between 0 and 1000, got "
                    + changesPerSecond);
        }
        return options.withChangesPerSecond(changesPerSecond).withFaults(faultRate, seed + 1)
                .withRevisionsDuringPaging(driftRate, seed + 2);
    }

    boolean changes() {
        return changesPerSecond > 0;
    }

    /** Whether any strain is asked for. */
    boolean strained() {
        return changes() || faultRate > 0 || driftRate > 0;
    }

    private static void requireShare(double share, String option) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(option + " must be between 0 and 1, got " + share);
        }
    }
}
