package io.jstpipeline.extractor.qimen;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of Qimen calls, in Micrometer's global registry (a {@code MetricsEndpoint} shows them as
 * Prometheus names: {@code jst.api.calls} becomes {@code jst_api_calls_total}). The names are a contract
 * with monitoring/alerts.yml. The flows' meters are {@code flow.ExtractorMetrics}.
 */
final class QimenMetrics {

    /** Outcomes of {@code jst_api_calls_total}. */
    static final String OK = "ok";
    static final String API_ERROR = "api_error";
    static final String HTTP_ERROR = "http_error";
    static final String IO_ERROR = "io_error";
    private static final List<String> OUTCOMES = List.of(OK, API_ERROR, HTTP_ERROR, IO_ERROR);
    /** Methods whose meters are all registered. */
    private static final Set<String> METHODS = ConcurrentHashMap.newKeySet();

    static final Timer RATE_LIMIT_WAIT = Timer.builder("jst.api.rate.limit.wait")
            .description("Time Qimen calls waited for the merchant's call limits")
            .register(Metrics.globalRegistry);

    private QimenMetrics() {
    }

    /**
     * One attempt at a Qimen call ended with {@code outcome}. A method's first call registers every outcome and its
     * refusals at 0, so that a dashboard or a rule sees "no faults" rather than no data.
     */
    static void apiCall(String method, String outcome) {
        if (METHODS.add(method)) {
            OUTCOMES.forEach(each -> Metrics.counter("jst.api.calls", "method", method, "outcome", each));
            callLimitRefusals(method);
        }
        Metrics.counter("jst.api.calls", "method", method, "outcome", outcome).increment();
    }

    /** The outcome label of a failed attempt. */
    static String outcomeOf(QimenApiException failure) {
        String code = failure.code();
        if (QimenApiException.IO_ERROR.equals(code)) {
            return IO_ERROR;
        }
        return code.startsWith(QimenApiException.HTTP_ERROR_PREFIX) ? HTTP_ERROR : API_ERROR;
    }

    /** Attempts of {@code method} repeated after a failure or a refusal of the open breaker. */
    static Counter apiRetries(String method) {
        return Metrics.counter("jst.api.retries", "method", method);
    }

    /** Calls of {@code method} the gateway refused over the merchant's call limits, made again after a pause. */
    static Counter callLimitRefusals(String method) {
        return Metrics.counter("jst.api.call.limit.refusals", "method", method);
    }
}
