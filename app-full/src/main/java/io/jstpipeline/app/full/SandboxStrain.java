package io.jstpipeline.app.full;

import io.jstpipeline.sandbox.Chance;
import io.jstpipeline.sandbox.MessyValues;
import io.jstpipeline.sandbox.SandboxOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** How hard the sandbox makes the pipeline's life: documents changing, faults, paging drift, messy values. */
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

    @Option(names = "--messy-rate", paramLabel = "F", description = "Share of the documents that carry one value no "
            + "table takes as it is (a zero or empty date, an amount with thousands separators, a remark longer than "
            + "its column, an item twice under one id, a modified time a day ahead), 0 to 1. Default: 0.")
    double messyRate;

    @Option(names = "--messy-kinds", paramLabel = "KIND", split = ",", description = "The messes to choose from: "
            + "zero_date, empty_date, thousands_separator, long_text, duplicate_item, future_modified. Default: all.")
    List<String> messyKinds = Arrays.stream(MessyValues.Mess.values()).map(MessyValues.Mess::key).toList();

    /** {@code options} with this strain, its faults, drift and messy values seeded from {@code seed}. */
    SandboxOptions applyTo(SandboxOptions options, long seed) {
        requireShare(faultRate, "--fault-rate");
        requireShare(driftRate, "--drift-rate");
        requireShare(messyRate, "--messy-rate");
        Set<MessyValues.Mess> kinds;
        try {
            kinds = messyKinds.stream().map(MessyValues.Mess::ofKey).collect(Collectors.toSet());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--messy-kinds: " + e.getMessage(), e);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("--messy-kinds must name at least one kind");
        }
        if (!(changesPerSecond >= 0 && changesPerSecond <= 1_000)) {
            throw new IllegalArgumentException("--changes-per-second must be between 0 and 1000, got "
                    + changesPerSecond);
        }
        return options.withChangesPerSecond(changesPerSecond).withFaults(faultRate, seed + 1)
                .withRevisionsDuringPaging(driftRate, seed + 2)
                .withMessiness(new MessyValues.Messiness(new Chance(messyRate, seed + 3), kinds));
    }

    boolean changes() {
        return changesPerSecond > 0;
    }

    /** Whether any strain is asked for. */
    boolean strained() {
        return changes() || faultRate > 0 || driftRate > 0 || messyRate > 0;
    }

    private static void requireShare(double share, String option) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(option + " must be between 0 and 1, got " + share);
        }
    }
}
