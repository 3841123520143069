package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.APP_KEY;
import static io.jstpipeline.common.qimen.QimenParams.CUSTOMER_ID;
import static io.jstpipeline.common.qimen.QimenParams.FORMAT;
import static io.jstpipeline.common.qimen.QimenParams.JUSHUITAN_TARGET_APP_KEY;
import static io.jstpipeline.common.qimen.QimenParams.METHOD;
import static io.jstpipeline.common.qimen.QimenParams.SALEOUT_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.SIGN;
import static io.jstpipeline.common.qimen.QimenParams.SIGN_METHOD;
import static io.jstpipeline.common.qimen.QimenParams.TARGET_APP_KEY;
import static io.jstpipeline.common.qimen.QimenParams.TIMESTAMP;
import static io.jstpipeline.common.qimen.QimenParams.VERSION;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenSigner;
import io.jstpipeline.common.qimen.QimenTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the merchant's Qimen gateway serving {@code jushuitan.saleout.list.query} from a generated
 * data set, with the gateway's checks and error envelope.
 *
 * <p>Requests are {@code POST}s to {@code /router/qm} or {@code /router/qmtest}; parameters come from the
 * form-urlencoded (UTF-8) body and, as some SDKs send the system parameters there, the query string (the
 * body wins on a clash). Checks run in this order, the first failing one answers:
 * <ol>
 *   <li>a system parameter missing or empty: 40</li>
 *   <li>{@code app_key} not the sandbox's: 29</li>
 *   <li>{@code timestamp} unparsable or more than 10 minutes off the sandbox's clock (China time): 31</li>
 *   <li>{@code sign_method} unknown, or {@code sign} not matching with the sandbox's secret: 25</li>
 *   <li>{@code target_app_key} not {@value io.jstpipeline.common.qimen.QimenParams#JUSHUITAN_TARGET_APP_KEY},
 *       {@code customer_id} not the sandbox's, {@code format} not {@code json} or {@code v} not
 *       {@code 2.0}: 41, the sub_msg naming the parameter (checked after the signature, so only a caller
 *       holding the secret learns which routing value is wrong)</li>
 *   <li>{@code method} not {@code jushuitan.saleout.list.query}: 22</li>
 *   <li>business parameters (see {@link SaleoutQuery}): 41</li>
 * </ol>
 * An unexpected failure answers 15 with sub_code {@code isp.unknown-error}. Every refusal is HTTP 200 with
 * an {@code error_response} envelope; another HTTP method gets 405, another path 404.
 */
public final class QimenGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QimenGateway.class);

    public static final String ROUTE = "/router/qm";
    public static final String TEST_ROUTE = "/router/qmtest";
    private static final Set<String> ROUTES = Set.of(ROUTE, TEST_ROUTE);
    private static final String HOST = "127.0.0.1";
    private static final List<String> SYSTEM_PARAMS =
            List.of(METHOD, APP_KEY, TARGET_APP_KEY, CUSTOMER_ID, TIMESTAMP, FORMAT, VERSION, SIGN_METHOD, SIGN);
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    private static final int THREADS = 4;

    private final SandboxOptions options;
    private final QimenSigner signer;
    private final SaleoutStore saleouts;
    private final ExecutorService executor;
    private final HttpServer server;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong requestIds = new AtomicLong();
    private final String requestIdPrefix = Long.toString(System.currentTimeMillis(), 36);

    private QimenGateway(SandboxOptions options, HttpServer server) {
        this.options = options;
        this.signer = new QimenSigner(options.appSecret());
        this.saleouts = new SaleoutStore(new SaleoutGenerator(
                options.seed(), options.saleoutCount(), options.from(), options.to()).documents());
        this.server = server;
        this.executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Generates the data set and starts listening on 127.0.0.1. */
    public static QimenGateway start(SandboxOptions options) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(HOST, options.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + HOST + ":" + options.port(), e);
        }
        QimenGateway gateway = new QimenGateway(options, server);
        server.start();
        LOG.info("Qimen sandbox listening at {} with {} sales outbound notes ({})",
                gateway.gatewayUrl(), options.saleoutCount(), options);
        return gateway;
    }

    public String gatewayUrl() {
        return "http://" + HOST + ":" + port() + ROUTE;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SandboxOptions options() {
        return options;
    }

    public String appKey() {
        return options.appKey();
    }

    public String appSecret() {
        return options.appSecret();
    }

    public String customerId() {
        return options.customerId();
    }

    /** Copies of the notes as served now (revisions included), in {@code io_id} order. */
    public List<ObjectNode> saleouts() {
        return saleouts.snapshot();
    }

    /** The POST requests received on the gateway routes, refused ones included. */
    public long calls() {
        return calls.get();
    }

    /**
     * Changes a note as the ERP would: {@code change} edits a copy, then {@code modified} becomes the
     * gateway's now (China time) and {@code ts} a value larger than any served before.
     *
     * @return a copy of the revised note
     * @throws NoSuchElementException when no note has that {@code io_id}
     */
    public ObjectNode reviseSaleout(long ioId, Consumer<ObjectNode> change) {
        return saleouts.revise(ioId, change, QimenTime.now());
    }

    /** What a user needs to point a client at the sandbox; includes the secret, for the user's eyes only. */
    public String describe() {
        return String.join(System.lineSeparator(),
                "Qimen sandbox gateway",
                "  gateway URL : " + gatewayUrl() + "  (test route " + TEST_ROUTE + ")",
                "  app key     : " + appKey(),
                "  app secret  : " + appSecret(),
                "  customer id : " + customerId(),
                "  target app  : " + JUSHUITAN_TARGET_APP_KEY,
                "  documents   : " + options.saleoutCount() + " sales outbound notes (" + SALEOUT_METHOD
                        + "), seed " + options.seed(),
                "  modified    : " + QimenTime.format(options.from()) + " to " + QimenTime.format(options.to())
                        + " (China time, end exclusive)");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        LOG.info("Qimen sandbox at {} stopped after {} calls", gatewayUrl(), calls());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!ROUTES.contains(exchange.getRequestURI().getPath())) {
                sendText(exchange, 404, "Not Found");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                sendText(exchange, 405, "Method Not Allowed");
                return;
            }
            calls.incrementAndGet();
            byte[] body = Json.MAPPER.writeValueAsBytes(answer(exchange));
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private ObjectNode answer(HttpExchange exchange) throws IOException {
        String requestId = requestIdPrefix + Long.toString(requestIds.incrementAndGet(), 36);
        try {
            Map<String, String> params = formParams(exchange.getRequestURI().getRawQuery());
            params.putAll(formParams(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            return dispatch(params);
        } catch (GatewayError e) {
            LOG.debug("request {} refused with {}: {}", requestId, e.code(), e.getMessage());
            return e.envelope(requestId);
        } catch (RuntimeException e) {
            LOG.warn("request {} failed", requestId, e);
            return GatewayError.remoteServiceError("the sandbox failed: " + e.getMessage()).envelope(requestId);
        }
    }

    private ObjectNode dispatch(Map<String, String> params) {
        List<String> missing = SYSTEM_PARAMS.stream()
                .filter(name -> params.getOrDefault(name, "").isEmpty())
                .toList();
        if (!missing.isEmpty()) {
            throw GatewayError.missingArguments("missing: " + String.join(", ", missing));
        }
        if (!options.appKey().equals(params.get(APP_KEY))) {
            throw GatewayError.invalidAppKey("app_key " + params.get(APP_KEY) + " is not known");
        }
        checkTimestamp(params.get(TIMESTAMP));
        checkSignature(params);
        requireValue(params, TARGET_APP_KEY, JUSHUITAN_TARGET_APP_KEY);
        requireValue(params, CUSTOMER_ID, options.customerId());
        requireValue(params, FORMAT, "json");
        requireValue(params, VERSION, "2.0");
        if (!SALEOUT_METHOD.equals(params.get(METHOD))) {
            throw GatewayError.invalidMethod("method " + params.get(METHOD) + " is not served by this sandbox");
        }
        return saleouts.page(SaleoutQuery.parse(params));
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

    /** Decodes {@code a=1&b=2} (UTF-8); a malformed escape is an argument error. */
    private static Map<String, String> formParams(String encoded) {
        Map<String, String> params = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(name, value);
            } catch (IllegalArgumentException e) {
                throw GatewayError.invalidArguments("malformed form encoding: " + pair);
            }
        }
        return params;
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "qimen-sandbox-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
