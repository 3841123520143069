package io.jstpipeline.extractor.qimen;

import static io.jstpipeline.common.qimen.QimenParams.END_TIME;
import static io.jstpipeline.common.qimen.QimenParams.IS_GET_TOTAL;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_INDEX;
import static io.jstpipeline.common.qimen.QimenParams.PAGE_SIZE;
import static io.jstpipeline.common.qimen.QimenParams.SIGN;
import static io.jstpipeline.common.qimen.QimenParams.START_TIME;
import static io.jstpipeline.common.qimen.QimenParams.START_TS;

import io.jstpipeline.common.qimen.QimenParams;
import io.jstpipeline.common.qimen.QimenSigner;
import io.jstpipeline.common.qimen.QimenTime;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a merchant's Qimen gateway: one signed {@code POST} per page. Thread-safe; close it to release its
 * connections.
 */
public final class QimenClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QimenClient.class);

    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded;charset=UTF-8");
    private static final String REDACTED = "***";

    private final QimenCredentials credentials;
    private final String signMethod;
    private final QimenSigner signer;
    private final HttpUrl gateway;
    private final OkHttpClient http;
    private final GatewayClock clock;

    public QimenClient(QimenCredentials credentials) {
        this(credentials, QimenClientOptions.defaults());
    }

    public QimenClient(QimenCredentials credentials, QimenClientOptions options) {
        this.credentials = credentials;
        this.signMethod = options.signMethod().wireName();
        this.signer = new QimenSigner(credentials.appSecret());
        this.gateway = HttpUrl.get(credentials.gatewayUrl());
        this.clock = new GatewayClock(gateway.host());
        this.http = new OkHttpClient.Builder()
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .build();
    }

    /**
     * Fetches one page of documents whose {@code modified} lies in {@code [start, end)}.
     *
     * @param method    the Qimen method, e.g. {@code jushuitan.saleout.list.query}
     * @param listField the response field holding the documents, e.g. {@code datas}
     * @param pageIndex the page, from 1
     * @throws QimenApiException when the gateway refuses the call or no readable answer comes back
     */
    public QimenPage fetchPage(String method, String listField, LocalDateTime start, LocalDateTime end,
                               int pageIndex, int pageSize) {
        Map<String, String> business = new LinkedHashMap<>();
        business.put(PAGE_INDEX, Integer.toString(pageIndex));
        business.put(PAGE_SIZE, Integer.toString(pageSize));
        business.put(START_TIME, QimenTime.format(start));
        business.put(END_TIME, QimenTime.format(end));
        return fetch(method, listField, business,
                method + " [" + QimenTime.format(start) + ", " + QimenTime.format(end) + ") page " + pageIndex);
    }

    /**
     * Fetches the first page of documents whose row version {@code ts} is above {@code startTs}, oldest
     * version first: walking forward by {@code ts} never shifts pages the way paging by time does. The
     * totals are not asked for, so the page's {@code dataCount} and {@code pageCount} are 0.
     */
    public QimenPage fetchSince(String method, String listField, long startTs, int pageSize) {
        Map<String, String> business = new LinkedHashMap<>();
        business.put(PAGE_INDEX, "1");
        business.put(PAGE_SIZE, Integer.toString(pageSize));
        business.put(START_TS, Long.toString(startTs));
        business.put(IS_GET_TOTAL, "false");
        return fetch(method, listField, business, method + " since ts " + startTs);
    }

    private QimenPage fetch(String method, String listField, Map<String, String> business, String call) {
        Map<String, String> params = QimenParams.system(method, credentials.appKey(), credentials.customerId(),
                signMethod);
        params.putAll(business);
        String sign = signer.sign(params);
        params.put(SIGN, sign);

        QimenPage page;
        try {
            page = QimenResponseReader.read(post(call, params), listField, Integer.parseInt(business.get(PAGE_INDEX)),
                    call, text -> redact(text, sign));
        } catch (QimenApiException e) {
            QimenMetrics.apiCall(method, QimenMetrics.outcomeOf(e));
            throw e;
        }
        QimenMetrics.apiCall(method, QimenMetrics.OK);
        LOG.debug("{}: {} documents of {}", call, page.documents().size(), page.dataCount());
        return page;
    }

    /** The gateway's clock, as its answers showed it. */
    public GatewayClock clock() {
        return clock;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private byte[] post(String call, Map<String, String> params) {
        Request request = new Request.Builder()
                .url(gateway)
                .post(RequestBody.create(formEncode(params), FORM))
                .build();
        try (Response response = http.newCall(request).execute()) {
            Date served = response.headers().getDate("Date");
            if (served != null) {
                clock.observed(served.toInstant(), Instant.ofEpochMilli(response.receivedResponseAtMillis()));
            }
            if (!response.isSuccessful()) {
                throw QimenApiException.httpError(call, response.code(), "HTTP " + response.code() + " "
                        + response.message() + " from " + gateway);
            }
            ResponseBody body = response.body();
            byte[] bytes = body.bytes();
            Charset charset = body.contentType() == null ? null : body.contentType().charset();
            // The raw topic keeps UTF-8, which Jushuitan sends; a body in another charset is re-encoded once.
            return charset == null || charset.equals(StandardCharsets.UTF_8) ? bytes
                    : new String(bytes, charset).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw QimenApiException.ioError(call, e);
        }
    }

    private static String formEncode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Keeps the secret and the sign out of messages, should the gateway ever echo them. */
    private String redact(String text, String sign) {
        return text.replace(credentials.appSecret(), REDACTED).replace(sign, REDACTED);
    }
}
