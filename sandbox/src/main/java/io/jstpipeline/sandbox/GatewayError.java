package io.jstpipeline.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;

/**
 * A refusal by the Qimen gateway, answered with HTTP 200 and the envelope
 * {@code {"error_response": {"code", "msg", "sub_code", "sub_msg", "request_id"}}}.
 * The codes are the gateway's (Taobao TOP) codes, not Jushuitan's own.
 */
final class GatewayError extends RuntimeException {

    static final int REMOTE_SERVICE_ERROR = 15;
    static final int INVALID_METHOD = 22;
    static final int INVALID_SIGNATURE = 25;
    static final int INVALID_APP_KEY = 29;
    static final int INVALID_TIMESTAMP = 31;
    static final int MISSING_ARGUMENTS = 40;
    static final int INVALID_ARGUMENTS = 41;

    private final int code;
    private final String msg;
    private final String subCode;

    private GatewayError(int code, String msg, String subCode, String subMsg) {
        // A refusal is an answer, not a fault: no stack trace to fill.
        super(subMsg, null, false, false);
        this.code = code;
        this.msg = msg;
        this.subCode = subCode;
    }

    static GatewayError remoteServiceError(String subMsg) {
        return new GatewayError(REMOTE_SERVICE_ERROR, "Remote service error", "isp.unknown-error", subMsg);
    }

    static GatewayError invalidMethod(String subMsg) {
        return new GatewayError(INVALID_METHOD, "Invalid method", "isv.method-not-exists", subMsg);
    }

    static GatewayError invalidSignature(String subMsg) {
        return new GatewayError(INVALID_SIGNATURE, "Invalid signature", "isv.invalid-signature", subMsg);
    }

    static GatewayError invalidAppKey(String subMsg) {
        return new GatewayError(INVALID_APP_KEY, "Invalid app Key", "isv.appkey-not-exists", subMsg);
    }

    static GatewayError invalidTimestamp(String subMsg) {
        return new GatewayError(INVALID_TIMESTAMP, "Invalid timestamp", "isv.invalid-timestamp", subMsg);
    }

    static GatewayError missingArguments(String subMsg) {
        return new GatewayError(MISSING_ARGUMENTS, "Missing required arguments", "isv.missing-parameter", subMsg);
    }

    static GatewayError invalidArguments(String subMsg) {
        return new GatewayError(INVALID_ARGUMENTS, "Invalid arguments", "isv.invalid-parameter", subMsg);
    }

    int code() {
        return code;
    }

    ObjectNode envelope(String requestId) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        envelope.putObject("error_response")
                .put("code", code)
                .put("msg", msg)
                .put("sub_code", subCode)
                .put("sub_msg", getMessage())
                .put("request_id", requestId);
        return envelope;
    }
}
