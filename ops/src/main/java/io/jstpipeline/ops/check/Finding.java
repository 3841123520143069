package io.jstpipeline.ops.check;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a check of one component found: what it reached ({@code target}, never a secret) and, when not OK, the
 * kind of failure; {@code detail} says what was reached or what is wrong, in one line.
 */
public record Finding(Component component, String target, boolean ok, boolean skipped, FailureKind kind,
                      String detail) {

    public static Finding ok(Component component, String target, String detail) {
        return new Finding(component, target, true, false, null, detail);
    }

    public static Finding skipped(Component component, String why) {
        return new Finding(component, "-", true, true, null, why);
    }

    public static Finding failed(Component component, String target, FailureKind kind, String detail) {
        return new Finding(component, target, false, false, kind, detail);
    }

    /** {@code OK    kafka    127.0.0.1:9092: 1 broker, cluster …}, as {@code check} prints it. */
    public String line() {
        return String.format("%-5s %-8s %s: %s", ok ? (skipped ? "SKIP" : "OK") : "FAIL", component, target, detail);
    }

    /** {@code kafka 127.0.0.1:9092: cannot connect …}: the component, its address and the detail, for one line. */
    @JsonIgnore
    public String summary() {
        return component + " " + target + ": " + detail;
    }
}
