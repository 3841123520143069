package io.jstpipeline.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;

/**
 * A refusal, answered with HTTP 200 in the envelope of whoever refuses on the real path. The Qimen gateway
 * (Taobao TOP codes) answers {@code {"error_response": {"code", "msg", "sub_code", "sub_msg", "request_id"}}};
 * Jushuitan itself (its own codes, such as the call limits) answers
 * {@code {"response": {"flag": "failure", "code", "message", "request_id"}}}.
 */
final class GatewayError extends RuntimeException {

    static final int APP_CALL_LIMITED = 7;
    static final int REMOTE_SERVICE_ERROR = 15;
    static final int INVALID_METHOD = 22;
    static final int INVALID_SIGNATURE = 25;
    static final int INVALID_APP_KEY = 29;
    static final int INVALID_TIMESTAMP = 31;
    static final int MISSING_ARGUMENTS = 40;
    static final int INVALID_ARGUMENTS = 41;
    /** Jushuitan's: more than 5 calls per second for the merchant. */
    static final int CALLS_PER_SECOND_EXCEEDED = 199;
    /** Jushuitan's: more than 100 calls per minute for the merchant. */
    static final int CALLS_PER_MINUTE_EXCEEDED = 200;

    private enum Refuser { GATEWAY, JUSHUITAN }

    private final Refuser refuser;
    private final int code;
    private final String msg;
    private final String subCode;

    private GatewayError(Refuser refuser, int code, String msg, String subCode, String message) {
        // A refusal is an answer, not a fault: no stack trace to fill.
        super(message, null, false, false);
        this.refuser = refuser;
        this.code = code;
        this.msg = msg;
        this.subCode = subCode;
    }

    private static GatewayError gateway(int code, String msg, String subCode, String subMsg) {
        return new GatewayError(Refuser.GATEWAY, code, msg, subCode, subMsg);
    }

    static GatewayError remoteServiceError(String subMsg) {
        return gateway(REMOTE_SERVICE_ERROR, "Remote service error", "isp.unknown-error", subMsg);
    }

    /** The transient failure of a gateway that cannot reach Jushuitan just now. */
    static GatewayError remoteServiceUnavailable(String subMsg) {
        return gateway(REMOTE_SERVICE_ERROR, "Remote service error", "isp.remote-service-unavailable", subMsg);
    }

    /** Gateway code 7: the app's calls are over what the gateway allows just now. */
    static GatewayError appCallLimited(String subMsg) {
        return gateway(APP_CALL_LIMITED, "App Call Limited", "accesscontrol.limited-by-app-access-count", subMsg);
    }

    static GatewayError invalidMethod(String subMsg) {
        return gateway(INVALID_METHOD, "Invalid method", "isv.method-not-exists", subMsg);
    }

    static GatewayError invalidSignature(String subMsg) {
        return gateway(INVALID_SIGNATURE, "Invalid signature", "isv.invalid-signature", subMsg);
    }

    static GatewayError invalidAppKey(String subMsg) {
        return gateway(INVALID_APP_KEY, "Invalid app Key", "isv.appkey-not-exists", subMsg);
    }

    static GatewayError invalidTimestamp(String subMsg) {
        return gateway(INVALID_TIMESTAMP, "Invalid timestamp", "isv.invalid-timestamp", subMsg);
    }

    static GatewayError missingArguments(String subMsg) {
        return gateway(MISSING_ARGUMENTS, "Missing required arguments", "isv.missing-parameter", subMsg);
    }

    static GatewayError invalidArguments(String subMsg) {
        return gateway(INVALID_ARGUMENTS, "Invalid arguments", "isv.invalid-parameter", subMsg);
    }

    /** @param code {@link #CALLS_PER_SECOND_EXCEEDED} or {@link #CALLS_PER_MINUTE_EXCEEDED} */
    static GatewayError callLimitExceeded(int code, String message) {
        return new GatewayError(Refuser.JUSHUITAN, code, null, null, message);
    }

    int code() {
        return code;
    }

    ObjectNode envelope(String requestId) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        switch (refuser) {
            case GATEWAY -> envelope.putObject("error_response")
                    .put("code", code)
                    .put("msg", msg)
                    .put("sub_code", subCode)
                    .put("sub_msg", getMessage())
                    .put("request_id", requestId);
            case JUSHUITAN -> envelope.putObject("response")
                    .put("flag", "failure")
                    .put("code", code)
                    .put("message", getMessage())
                    .put("request_id", requestId);
        }
        return envelope;
    }
}
