package io.jstpipeline.sandbox;

import io.jstpipeline.common.qimen.QimenTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * How to start a {@link QimenGateway}: where it listens, which data set it serves and which credentials it
 * accepts. Start from {@link #defaults()} and change what differs with the {@code with…} methods.
 *
 * @param port          TCP port on 127.0.0.1; 0 picks a free one
 * @param seed          seed of the generated data set
 * @param saleoutCount  number of sales outbound notes
 * @param from          first possible {@code modified} of a note (China time), inclusive
 * @param to            end of the {@code modified} range (China time), exclusive
 * @param appKey        the only {@code app_key} accepted
 * @param appSecret     the secret requests must be signed with
 * @param customerId    the only {@code customer_id} accepted
 */
public record SandboxOptions(int port, long seed, int saleoutCount, LocalDateTime from, LocalDateTime to,
                             String appKey, String appSecret, String customerId) {

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
        if (saleoutCount < 0 || saleoutCount > SaleoutGenerator.MAX_COUNT) {
            throw new IllegalArgumentException(
                    "saleoutCount must be between 0 and " + SaleoutGenerator.MAX_COUNT + ", got " + saleoutCount);
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        requireText(appKey, "appKey");
        requireText(appSecret, "appSecret");
        requireText(customerId, "customerId");
    }

    /** A random free port, seed 42, 1000 notes modified in the 30 days before now, the sandbox credentials. */
    public static SandboxOptions defaults() {
        LocalDateTime now = QimenTime.now();
        return new SandboxOptions(0, DEFAULT_SEED, DEFAULT_SALEOUT_COUNT, now.minus(DEFAULT_RANGE), now,
                DEFAULT_APP_KEY, DEFAULT_APP_SECRET, DEFAULT_CUSTOMER_ID);
    }

    public SandboxOptions withPort(int port) {
        return new SandboxOptions(port, seed, saleoutCount, from, to, appKey, appSecret, customerId);
    }

    public SandboxOptions withSeed(long seed) {
        return new SandboxOptions(port, seed, saleoutCount, from, to, appKey, appSecret, customerId);
    }

    public SandboxOptions withSaleoutCount(int saleoutCount) {
        return new SandboxOptions(port, seed, saleoutCount, from, to, appKey, appSecret, customerId);
    }

    public SandboxOptions withRange(LocalDateTime from, LocalDateTime to) {
        return new SandboxOptions(port, seed, saleoutCount, from, to, appKey, appSecret, customerId);
    }

    public SandboxOptions withCredentials(String appKey, String appSecret, String customerId) {
        return new SandboxOptions(port, seed, saleoutCount, from, to, appKey, appSecret, customerId);
    }

    /** Leaves the secret out, so that options can be logged. */
    @Override
    public String toString() {
        return "SandboxOptions[port=" + port + ", seed=" + seed + ", saleoutCount=" + saleoutCount
                + ", from=" + QimenTime.format(from) + ", to=" + QimenTime.format(to)
                + ", appKey=" + appKey + ", appSecret=***, customerId=" + customerId + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
