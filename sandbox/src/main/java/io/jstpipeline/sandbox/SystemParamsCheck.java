package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.APP_KEY;
import static io.jstpipeline.common.qimen.QimenParams.CUSTOMER_ID;
import static io.jstpipeline.common.qimen.QimenParams.FORMAT;
import static io.jstpipeline.common.qimen.QimenParams.JUSHUITAN_TARGET_APP_KEY;
import static io.jstpipeline.common.qimen.QimenParams.METHOD;
import static io.jstpipeline.common.qimen.QimenParams.SIGN;
import static io.jstpipeline.common.qimen.QimenParams.SIGN_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.TARGET_APP_KEY;
import static io.jstpipeline.common.qimen.QimenParams.TIMESTAMP;
import static io.jstpipeline.common.qimen.QimenParams.VERSION;

import io.jstpipeline.common.qimen.QimenSigner;
import io.jstpipeline.common.qimen.QimenTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The gateway's checks of a call's system parameters, in two steps: {@link #authenticate} tells a caller
 * holding the secret from anyone else; {@link #route}, for a call the gateway has let through, finds the
 * document kind it asks for.
 */
final class SystemParamsCheck {

    private static final List<String> SYSTEM_PARAMS =
            List.of(METHOD, APP_KEY, TARGET_APP_KEY, CUSTOMER_ID, TIMESTAMP, FORMAT, VERSION, SIGN_METHOD, SIGN);
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    private final String appKey;
    private final String customerId;
    private final QimenSigner signer;

    SystemParamsCheck(SandboxOptions options) {
        this.appKey = options.appKey();
        this.customerId = options.customerId();
        this.signer = new QimenSigner(options.appSecret());
    }

    /**
     * @throws GatewayError with code 40 for a missing system parameter, 29 for another app key, 31 for a
     *                      timestamp off the clock, 25 for a wrong signature
     */
    void authenticate(Map<String, String> params) {
        List<String> missing = SYSTEM_PARAMS.stream()
                .filter(name -> params.getOrDefault(name, "").isEmpty())
                .toList();
        if (!missing.isEmpty()) {
            throw GatewayError.missingArguments("missing: " + String.join(", ", missing));
        }
        if (!appKey.equals(params.get(APP_KEY))) {
            throw GatewayError.invalidAppKey("app_key " + params.get(APP_KEY) + " is not known");
        }
        checkTimestamp(params.get(TIMESTAMP));
        checkSignature(params);
    }

    /**
     * The kind of document an authenticated call asks for.
     *
     * @throws GatewayError with code 41 for a wrong routing value, 22 for a method not served
     */
    DocumentKind route(Map<String, String> params) {
        requireValue(params, TARGET_APP_KEY, JUSHUITAN_TARGET_APP_KEY);
        requireValue(params, CUSTOMER_ID, customerId);
        requireValue(params, FORMAT, "json");
        requireValue(params, VERSION, "2.0");
        return DocumentKind.servedAt(params.get(METHOD)).orElseThrow(
                () -> GatewayError.invalidMethod("method " + params.get(METHOD) + " is not served by this sandbox"));
    }

    private static void checkTimestamp(String text) {
        LocalDateTime timestamp;
        try {
            timestamp = QimenTime.parse(text);
        } catch (DateTimeParseException e) {
            throw GatewayError.invalidTimestamp("timestamp must be yyyy-MM-dd HH:mm:ss (GMT+8), got " + text);
        }
        LocalDateTime now = QimenTime.now();
        if (Duration.between(timestamp, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw GatewayError.invalidTimestamp("timestamp " + text + " is more than 10 minutes off the gateway's "
                    + QimenTime.format(now) + " (GMT+8)");
        }
    }

    private void checkSignature(Map<String, String> params) {
        String signMethod = params.get(SIGN_METHOD);
        try {
            QimenSigner.Method.fromWireName(signMethod);
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalidSignature("sign_method " + signMethod + " is not md5, hmac or hmac-sha256");
        }
        if (!signer.verify(params)) {
            throw GatewayError.invalidSignature("sign does not match the parameters signed with " + signMethod);
        }
    }

    private static void requireValue(Map<String, String> params, String name, String expected) {
        if (!expected.equals(params.get(name))) {
            throw GatewayError.invalidArguments(name + " " + params.get(name) + " is not " + expected);
        }
    }
}
