package io.jstpipeline.extractor.qimen;

import java.util.Set;

/**
 * A Qimen call that brought no page: a refusal in either failure envelope, an HTTP error, a broken connection
 * or an unreadable body. {@link #retryable()} tells whether the same call may succeed later. The message
 * names the call (method, window, page), the code and the gateway's text, never the secret or the sign.
 */
public final class QimenApiException extends RuntimeException {

    /** Code of a call that got no answer: connection refused or dropped, a timeout. */
    public static final String IO_ERROR = "io";
    /** Code of an answer that is neither a page nor a failure envelope. */
    public static final String MALFORMED_RESPONSE = "malformed-response";
    /** Prefix of the code of an HTTP error status, e.g. {@code http-503}. */
    public static final String HTTP_ERROR_PREFIX = "http-";

    /**
     * Refusals no retry mends, of authorization and parameters: the gateway's 25 invalid signature, 29 invalid app
     * key, 22 invalid method, 40/41 missing or invalid arguments; Jushuitan's 10 invalid signature, 100 token invalid,
     * 110 IP not allowed, 190 no permission. Someone must change the credentials, the merchant's grants or the flow.
     * Every other code (the call limits, 15 remote service error, a code this list does not know) may pass.
     */
    private static final Set<String> CALLER_ERROR_CODES = Set.of("10", "22", "25", "29", "40", "41", "100", "110", "190");
    /** Jushuitan's 199 (more than 5 calls a second): the merchant's calls must pause for the shortest limit's period. */
    private static final String OVER_SECOND_LIMIT = "199";
    /** Jushuitan's 200 (more than 100 a minute) and the gateway's 7 and 8 (the app's call limit). */
    private static final Set<String> OVER_LONGER_LIMIT_CODES = Set.of("200", "7", "8");
    /** Sub-codes of the gateway's server-side faults, retried whatever their code. */
    private static final String SERVER_FAULT_SUB_CODE_PREFIX = "isp.";

    private final String code;
    private final String subCode;
    private final boolean retryable;

    private QimenApiException(String call, String code, String subCode, String detail, boolean retryable,
                              Throwable cause) {
        super(call + " failed: code " + code + (subCode == null ? "" : " (" + subCode + ")") + ", " + detail
                + (retryable ? " [retryable]" : ""), cause);
        this.code = code;
        this.subCode = subCode;
        this.retryable = retryable;
    }

    /**
     * A failure envelope: retryable unless its code is an authorization or parameter error, so that a code first
     * seen in production is retried and its flow tried again on schedule rather than stopped.
     */
    static QimenApiException refused(String call, String code, String subCode, String detail) {
        boolean retryable = !CALLER_ERROR_CODES.contains(code)
                || subCode != null && subCode.startsWith(SERVER_FAULT_SUB_CODE_PREFIX);
        return new QimenApiException(call, code, subCode, detail, retryable, null);
    }

    /** An HTTP error status: server faults (5xx) and throttling (429) are retryable. */
    static QimenApiException httpError(String call, int status, String detail) {
        boolean retryable = status >= 500 || status == 429;
        return new QimenApiException(call, HTTP_ERROR_PREFIX + status, null, detail, retryable, null);
    }

    /** No answer at all; the next attempt may well get one. */
    static QimenApiException ioError(String call, Exception cause) {
        return new QimenApiException(call, IO_ERROR, null, String.valueOf(cause), true, cause);
    }

    /** An answer that cannot be read, such as a proxy's error page or a truncated body: worth another try. */
    static QimenApiException malformed(String call, String detail, Exception cause) {
        return new QimenApiException(call, MALFORMED_RESPONSE, null, detail, true, cause);
    }

    /** The gateway's or Jushuitan's code ({@code 25}, {@code 199}, …), or one of this class's constants. */
    public String code() {
        return code;
    }

    /** The gateway's sub-code such as {@code isv.invalid-signature}, or null when there is none. */
    public String subCode() {
        return subCode;
    }

    /** A refusal because the merchant's calls went over a limit: code 199, 200, 7 or 8. */
    public boolean overCallLimit() {
        return overSecondLimit() || OVER_LONGER_LIMIT_CODES.contains(code);
    }

    /** A refusal because the merchant's calls went over the per-second limit (199). */
    public boolean overSecondLimit() {
        return OVER_SECOND_LIMIT.equals(code);
    }

    /** True when the same call may succeed later: throttling, server faults, transport errors. */
    public boolean retryable() {
        return retryable;
    }
}
