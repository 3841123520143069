package io.jstpipeline.sandbox;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The transient failures of a gateway under strain, injected into a seeded share of the correctly signed calls
 * (see {@link SandboxOptions#faults()}). The kinds take turns, so that even a short run meets each of them.
 */
final class TransientFaults {

    /** The failures in the order they take turns. */
    enum Fault {
        /** HTTP 502 with an HTML page, as from a proxy in front of the gateway. */
        BAD_GATEWAY,
        /** Code 15 with sub_code {@code isp.remote-service-unavailable}: the gateway cannot reach Jushuitan. */
        REMOTE_SERVICE_UNAVAILABLE,
        /** HTTP 503 with an HTML page, as from a load balancer with no gateway behind it. */
        SERVICE_UNAVAILABLE,
        /** The answer, but only after {@link #SLOW_ANSWER_MILLIS}. */
        SLOW_ANSWER,
        /** Gateway code 7: the app's calls are limited just now. */
        APP_CALL_LIMITED,
        /** The connection closed without an answer. */
        CONNECTION_RESET,
        /** HTTP 200 with the page's JSON cut short. */
        TRUNCATED_ANSWER
    }

    static final long SLOW_ANSWER_MILLIS = 1_500;

    private final Chance chance;
    private long signedCalls; // guarded by this
    private long injected; // guarded by this
    private final Map<Fault, Long> byKind = new EnumMap<>(Fault.class); // guarded by this

    TransientFaults(Chance chance) {
        this.chance = chance;
    }

    /** Numbers a correctly signed call and decides whether it meets a fault. */
    synchronized Optional<Fault> nextSignedCall() {
        signedCalls++;
        if (!chance.happens(signedCalls)) {
            return Optional.empty();
        }
        Fault fault = Fault.values()[(int) (injected++ % Fault.values().length)];
        byKind.merge(fault, 1L, Long::sum);
        return Optional.of(fault);
    }

    /** How many calls met each kind of fault so far. */
    synchronized Map<Fault, Long> injected() {
        return new EnumMap<>(byKind);
    }
}
