package io.jstpipeline.ops.check;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * What kind of failure stopped a command or failed a check, and the exit code that tells it to a script. When
 * several parts fail, the exit code is that of the kind a person must act on first: a configuration error
 * (it may cause the others), then refused credentials, then an unreachable part (which may come back by
 * itself), then anything else found wrong.
 */
public enum FailureKind {
    /** Reached, but the work failed or something is wrong (a connector FAILED, a table or a topic missing). */
    FAILED(1, "failed", 3),
    /** The configuration or the usage is wrong, a topic laid out wrong for its role included. */
    CONFIGURATION(2, "configuration", 0),
    /** A dependency did not answer: Kafka, Connect, MySQL or the Qimen gateway. */
    UNREACHABLE(3, "unreachable", 2),
    /** A dependency answered but refused the credentials (or what they may do). */
    CREDENTIALS_REFUSED(4, "credentials refused", 1);

    private final int exitCode;
    private final String label;
    private final int precedence;

    FailureKind(int exitCode, String label, int precedence) {
        this.exitCode = exitCode;
        this.label = label;
        this.precedence = precedence;
    }

    public int exitCode() {
        return exitCode;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The failure a person must act on first, among {@code findings}. */
    public static Optional<Finding> first(Collection<Finding> findings) {
        return findings.stream().filter(finding -> finding.kind() != null)
                .min(Comparator.comparingInt(finding -> finding.kind().precedence));
    }

    /** The exit code of the findings: 0 when all are OK, else that of the {@link #first} failure. */
    public static int exitCode(Collection<Finding> findings) {
        return first(findings).map(finding -> finding.kind().exitCode()).orElse(0);
    }

    @Override
    public String toString() {
        return label;
    }
}
