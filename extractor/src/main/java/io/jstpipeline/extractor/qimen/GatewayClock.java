package io.jstpipeline.extractor.qimen;

import io.jstpipeline.common.qimen.QimenTime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's clock as its answers show it: each HTTP response carries the server's time in its {@code Date}
 * header (to the second; HTTP requires it of a server with a clock, and the sandbox sends it too). Documents
 * are stamped by the ERP's clock, not ours: a run reads up to the gateway's now, so that a clock ahead of ours
 * does not hold documents back and one behind ours does not let the cursor pass documents not yet written.
 * The skew is {@code jst_api_clock_skew_seconds} (the gateway's time minus ours), and a skew beyond
 * {@link #SKEW_WARNING} is logged when it first appears.
 */
public final class GatewayClock {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayClock.class);
    /** The Date header is to the second and the answer spends time on the way: less than this is noise. */
    public static final Duration SKEW_WARNING = Duration.ofSeconds(30);
    /** The skew of each gateway by its host, one gauge each, however many clients a process has. */
    private static final Map<String, AtomicReference<Duration>> SKEWS = new ConcurrentHashMap<>();

    private final String gateway;
    private final AtomicReference<Duration> skew;
    private volatile boolean warned;

    GatewayClock(String gateway) {
        this.gateway = gateway;
        this.skew = SKEWS.computeIfAbsent(gateway, GatewayClock::skewGauge);
    }

    /** China time at the gateway now: ours moved by the skew its last answer showed (none before one came). */
    public LocalDateTime now() {
        return QimenTime.now().plus(skew.get());
    }

    /** The gateway's time minus ours, as its last answer showed it. */
    public Duration skew() {
        return skew.get();
    }

    /** An answer stamped {@code gatewayTime} by the gateway arrived at {@code receivedAt} by our clock. */
    void observed(Instant gatewayTime, Instant receivedAt) {
        Duration observed = Duration.between(receivedAt, gatewayTime);
        skew.set(observed);
        boolean beyond = observed.abs().compareTo(SKEW_WARNING) > 0;
        if (beyond && !warned) {
            LOG.warn("the gateway {} runs {} s {} our clock: runs read up to its time, and its documents are stamped "
                    + "by its clock", gateway, observed.abs().toSeconds(), observed.isNegative() ? "behind" : "ahead of");
        }
        warned = beyond;
    }

    private static AtomicReference<Duration> skewGauge(String gateway) {
        AtomicReference<Duration> skew = new AtomicReference<>(Duration.ZERO);
        Gauge.builder("jst.api.clock.skew", skew, s -> s.get().toMillis() / 1000.0)
                .description("the gateway's clock (its answers' Date header) minus ours")
                .baseUnit("seconds")
                .tag("gateway", gateway)
                .strongReference(true)
                .register(Metrics.globalRegistry);
        return skew;
    }
}
