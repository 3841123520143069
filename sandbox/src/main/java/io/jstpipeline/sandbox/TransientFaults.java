package io.jstpipeline.sandbox;

import java.util.Optional;

/**
 * The transient failures of a gateway under strain, injected into a seeded share of the correctly signed calls
 * (see {@link SandboxOptions#faults()}). The kinds take turns, so that even a short run meets both.
 */
final class TransientFaults {

    /** The failures in the order they take turns. */
    enum Fault {
        /** HTTP 502 with a plain-text body, as from a proxy in front of the gateway. */
        BAD_GATEWAY,
        /** Code 15 with sub_code {@code isp.remote-service-unavailable}: the gateway cannot reach Jushuitan. */
        REMOTE_SERVICE_UNAVAILABLE
    }

    private final Chance chance;
    private long signedCalls; // guarded by this
    private long injected; // guarded by this

    TransientFaults(Chance chance) {
        this.chance = chance;
    }

    /** Numbers a correctly signed call and decides whether it meets a fault. */
    synchronized Optional<Fault> nextSignedCall() {
        signedCalls++;
        if (!chance.happens(signedCalls)) {
            return Optional.empty();
        }
        return Optional.of(Fault.values()[(int) (injected++ % Fault.values().length)]);
    }
}
