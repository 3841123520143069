package io.jstpipeline.sandbox;

import io.jstpipeline.common.qimen.QimenTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * How to start a {@link QimenGateway}: where it listens, which data set it serves, which credentials it
 * accepts and how hard it is on its callers. Start from {@link #defaults()} and change what differs with the
 * {@code with…} methods.
 *
 * @param port                  TCP port on 127.0.0.1; 0 picks a free one
 * @param seed                  seed of the generated data set
 * @param saleoutCount          number of sales outbound notes
 * @param orderCount            number of sales orders
 * @param from                  first possible {@code modified} of a document (China time), inclusive
 * @param to                    end of the {@code modified} range (China time), exclusive
 * @param appKey                the only {@code app_key} accepted
 * @param appSecret             the secret requests must be signed with
 * @param customerId            the only {@code customer_id} accepted
 * @param rateLimits            the call limits enforced on correctly signed calls
 * @param faults                the share of correctly signed calls that fail transiently
 * @param revisionsDuringPaging how often a window page that is not the last is followed by a revision of a
 *                              document already served from that window (paging drift)
 * @param idOffset              added to every id of the data set (0: ids from 10000001 for notes, 30000001 for orders)
 * @param changesPerSecond      documents created or changed a second while the gateway runs ({@link DocumentChanges}); 0: none
 * @param messiness             which generated documents carry a value no table takes as it is ({@link MessyValues})
 */
public record SandboxOptions(int port, long seed, int saleoutCount, int orderCount, LocalDateTime from,
                             LocalDateTime to, String appKey, String appSecret, String customerId,
                             RateLimits rateLimits, Chance faults, Chance revisionsDuringPaging, long idOffset,
                             double changesPerSecond, MessyValues.Messiness messiness) {

    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_SALEOUT_COUNT = 1000;
    public static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    public static final String DEFAULT_APP_KEY = "jst-sandbox-app";
    public static final String DEFAULT_APP_SECRET = "jst-sandbox-secret";
    public static final String DEFAULT_CUSTOMER_ID = "jst-sandbox-customer";

    public SandboxOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        requireCount(saleoutCount, SaleoutGenerator.MAX_COUNT, "saleoutCount");
        requireCount(orderCount, OrderGenerator.MAX_COUNT, "orderCount");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        requireText(appKey, "appKey");
        requireText(appSecret, "appSecret");
        requireText(customerId, "customerId");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(revisionsDuringPaging, "revisionsDuringPaging");
        if (!(changesPerSecond >= 0 && changesPerSecond <= 1_000)) {
            throw new IllegalArgumentException("changesPerSecond must be between 0 and 1000, got " + changesPerSecond);
        }
        Objects.requireNonNull(messiness, "messiness");
    }

    /**
     * A random free port, seed 42, 1000 notes and no orders modified in the 30 days before now, the sandbox
     * credentials; no rate limits, faults, drift or messy values.
     */
    public static SandboxOptions defaults() {
        LocalDateTime now = QimenTime.now();
        return new SandboxOptions(0, DEFAULT_SEED, DEFAULT_SALEOUT_COUNT, 0, now.minus(DEFAULT_RANGE), now,
                DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CUSTOMER_ID,
                RateLimits.none(), Chance.never(), Chance.never(), 0, 0, MessyValues.Messiness.none());
    }

    public SandboxOptions withPort(int port) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    public SandboxOptions withSeed(long seed) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    public SandboxOptions withSaleoutCount(int saleoutCount) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    public SandboxOptions withOrderCount(int orderCount) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    public SandboxOptions withRange(LocalDateTime from, LocalDateTime to) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    public SandboxOptions withCredentials(String appKey, String appSecret, String customerId) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    public SandboxOptions withRateLimits(RateLimits rateLimits) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    /** Makes {@code rate} of the correctly signed calls fail transiently, chosen from {@code seed}. */
    public SandboxOptions withFaults(double rate, long seed) {
        return new SandboxOptions(port, this.seed, saleoutCount, orderCount, from, to, appKey, appSecret,
                customerId, rateLimits, new Chance(rate, seed), revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    /** Revises a served document after a window page with {@code probability}, chosen from {@code seed}. */
    public SandboxOptions withRevisionsDuringPaging(double probability, long seed) {
        return new SandboxOptions(port, this.seed, saleoutCount, orderCount, from, to, appKey, appSecret,
                customerId, rateLimits, faults, new Chance(probability, seed), idOffset, changesPerSecond, messiness);
    }

    /** Shifts every id of the data set, so that several data sets can share one pipeline without colliding. */
    public SandboxOptions withIdOffset(long idOffset) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    /** Creates and changes documents at {@code perSecond} while the gateway runs (seeded by the data set's seed). */
    public SandboxOptions withChangesPerSecond(double perSecond) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, perSecond, messiness);
    }

    /** Puts a value no table takes as it is into the documents {@code messiness} picks. */
    public SandboxOptions withMessiness(MessyValues.Messiness messiness) {
        return new SandboxOptions(port, seed, saleoutCount, orderCount, from, to, appKey, appSecret, customerId,
                rateLimits, faults, revisionsDuringPaging, idOffset, changesPerSecond, messiness);
    }

    /** Leaves the secret out, so that options can be logged. */
    @Override
    public String toString() {
        return "SandboxOptions[port=" + port + ", seed=" + seed + ", saleoutCount=" + saleoutCount
                + ", orderCount=" + orderCount + ", from=" + QimenTime.format(from) + ", to=" + QimenTime.format(to)
                + ", appKey=" + appKey + ", appSecret=***, customerId=" + customerId + ", rateLimits=" + rateLimits
                + ", faults=" + faults + ", revisionsDuringPaging=" + revisionsDuringPaging + ", idOffset=" + idOffset
                + ", changesPerSecond=" + changesPerSecond + ", messiness=" + messiness + "]";
    }

    private static void requireCount(int count, int max, String name) {
        if (count < 0 || count > max) {
            throw new IllegalArgumentException(name + " must be between 0 and " + max + ", got " + count);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
