package io.jstpipeline.ops.check;

/** A component a command needs, found unusable before the command started anything. */
public final class CheckFailedException extends RuntimeException {

    private final Finding finding;

    public CheckFailedException(Finding finding) {
        super(finding.summary());
        this.finding = finding;
    }

    public Finding finding() {
        return finding;
    }
}
