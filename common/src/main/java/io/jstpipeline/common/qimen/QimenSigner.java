package io.jstpipeline.common.qimen;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs Qimen requests: every parameter but {@code sign}, empty values dropped, keys in ASCII order,
 * concatenated as {@code key1value1key2value2…} with raw values, then MD5 or HMAC-MD5 with the app
 * secret, upper-case hex.
 */
public final class QimenSigner {

    public static final String SIGN = "sign";
    public static final String SIGN_METHOD = "sign_method";

    /** The algorithms the gateway accepts, by their {@code sign_method} value. */
    public enum Method {
        MD5("md5"), HMAC("hmac"), HMAC_SHA256("hmac-sha256");

        private final String wireName;

        Method(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Method fromWireName(String name) {
            for (Method m : values()) {
                if (m.wireName.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown sign_method: " + name);
        }
    }

    private final byte[] secret;

    public QimenSigner(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("app secret must not be empty");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Signs with the algorithm the parameters name in {@code sign_method}, so the two never disagree. */
    public String sign(Map<String, String> params) {
        Method method = Method.fromWireName(params.getOrDefault(SIGN_METHOD, Method.MD5.wireName()));
        byte[] content = canonical(params).getBytes(StandardCharsets.UTF_8);
        byte[] digest = switch (method) {
            case MD5 -> md5(content);
            case HMAC -> hmac("HmacMD5", content);
            case HMAC_SHA256 -> hmac("HmacSHA256", content);
        };
        return HexFormat.of().withUpperCase().formatHex(digest);
    }

    /** True when {@code params} carry a {@code sign} equal to the one computed here. */
    public boolean verify(Map<String, String> params) {
        String given = params.get(SIGN);
        return given != null && MessageDigest.isEqual(
                given.toUpperCase().getBytes(StandardCharsets.US_ASCII),
                sign(params).getBytes(StandardCharsets.US_ASCII));
    }

    static String canonical(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(params).forEach((key, value) -> {
            if (!SIGN.equals(key) && value != null && !value.isEmpty()) {
                sb.append(key).append(value);
            }
        });
        return sb.toString();
    }

    private byte[] md5(byte[] content) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(secret);
            md.update(content);
            md.update(secret);
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    private byte[] hmac(String algorithm, byte[] content) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
