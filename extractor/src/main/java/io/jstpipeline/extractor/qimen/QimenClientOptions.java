package io.jstpipeline.extractor.qimen;

import io.jstpipeline.common.qimen.QimenSigner;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link QimenClient} calls the gateway. Start from {@link #defaults()}.
 *
 * @param signMethod     the signing algorithm, sent as {@code sign_method}
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for the response once connected; a week's page of documents
 *                       can take a while for the ERP to assemble
 */
public record QimenClientOptions(QimenSigner.Method signMethod, Duration connectTimeout, Duration readTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public QimenClientOptions {
        Objects.requireNonNull(signMethod, "signMethod");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
    }

    /** MD5 signing, 10 s to connect, 60 s to read. */
    public static QimenClientOptions defaults() {
        return new QimenClientOptions(QimenSigner.Method.MD5, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public QimenClientOptions withSignMethod(QimenSigner.Method signMethod) {
        return new QimenClientOptions(signMethod, connectTimeout, readTimeout);
    }

    public QimenClientOptions withTimeouts(Duration connectTimeout, Duration readTimeout) {
        return new QimenClientOptions(signMethod, connectTimeout, readTimeout);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
