package io.jstpipeline.sandbox;

import static io.jstpipeline.common.qimen.QimenParams.JUSHUITAN_TARGET_APP_KEY;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.sandbox.TransientFaults.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the merchant's Qimen gateway serving {@code jushuitan.saleout.list.query} (sales outbound
 * notes, in {@code datas}) and {@code jushuitan.order.list.query} (sales orders, in {@code orders}) from a
 * generated data set, with the gateway's checks, error envelopes, call limits and, on request, the trouble a
 * real one makes: transient faults and documents changing while a window is paged through.
 *
 * <p>Requests are {@code POST}s to {@code /router/qm} or {@code /router/qmtest}; parameters come from the
 * form-urlencoded (UTF-8) body and, as some SDKs send the system parameters there, the query string (the
 * body wins on a clash). Checks run in this order, the first failing one answers:
 * <ol>
 *   <li>a system parameter missing or empty: 40</li>
 *   <li>{@code app_key} not the sandbox's: 29</li>
 *   <li>{@code timestamp} unparsable or more than 10 minutes off the sandbox's clock (China time): 31</li>
 *   <li>{@code sign_method} unknown, or {@code sign} not matching with the sandbox's secret: 25</li>
 *   <li>with {@link SandboxOptions#faults() faults} set, a seeded share of the calls that got this far fail
 *       transiently, the kinds taking turns: HTTP 502 with a plain-text body, or 15 with sub_code
 *       {@code isp.remote-service-unavailable}; such calls do not count against the call limits</li>
 *   <li>a call over the {@link SandboxOptions#rateLimits() call limits}: Jushuitan's 199 (first limit) or 200
 *       (a later one), in Jushuitan's own envelope; a refused call does not count against the limits, every
 *       other correctly signed call does</li>
 *   <li>{@code target_app_key} not {@value io.jstpipeline.common.qimen.QimenParams#JUSHUITAN_TARGET_APP_KEY},
 *       {@code customer_id} not the sandbox's, {@code format} not {@code json} or {@code v} not
 *       {@code 2.0}: 41, the sub_msg naming the parameter (checked after the signature, so only a caller
 *       holding the secret learns which routing value is wrong)</li>
 *   <li>{@code method} not one of the two served: 22</li>
 *   <li>business parameters (see {@link DocumentQuery}): 41</li>
 * </ol>
 * An unexpected failure answers 15 with sub_code {@code isp.unknown-error}. Every refusal but the 502 is
 * HTTP 200 with an envelope (see {@link GatewayError}); another HTTP method gets 405, another path 404. The
 * checks live with their concerns: {@link SystemParamsCheck} (system parameters), {@link TransientFaults},
 * {@link CallLimiter} and {@link DocumentQuery} (business parameters).
 *
 * <p>With {@link SandboxOptions#revisionsDuringPaging() revisions during paging} set, documents may change
 * while a caller pages through a window (see {@link PagingDrift}).
 */
public final class QimenGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QimenGateway.class);

    public static final String ROUTE = "/router/qm";
    public static final String TEST_ROUTE = "/router/qmtest";
    /** Every document as it stands: what the tables must end with once the changes stop. */
    public static final String TRUTH_ROUTE = "/sandbox/truth";
    /** {@code POST …stop} stops the document changes. */
    public static final String CHANGES_ROUTE = "/sandbox/changes/";
    private static final Set<String> ROUTES = Set.of(ROUTE, TEST_ROUTE);
    /** Where the gateway listens unless told otherwise: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";
    private static final int THREADS = 4;
    private static final int HTTP_BAD_GATEWAY = 502;
    private static final int HTTP_UNAVAILABLE = 503;

    static {
        // The JDK server sends a response's headers and body as two packets; without TCP_NODELAY the body waits
        // for the client's delayed ACK, about 40 ms a call. Read once, when the JVM's first HttpServer starts.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    /** An HTTP answer. */
    private record Reply(int status, String contentType, byte[] body) {
        static Reply json(ObjectNode answer) throws IOException {
            return json(Json.MAPPER.writeValueAsBytes(answer));
        }

        static Reply json(byte[] body) {
            return new Reply(200, "application/json;charset=UTF-8", body);
        }

        static Reply text(int status, String text) {
            return new Reply(status, "text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
        }

        static Reply html(int status, String title) {
            return new Reply(status, "text/html;charset=UTF-8", ("<html><head><title>" + title + "</title></head><body>"
                    + "<center><h1>" + title + "</h1></center><hr><center>nginx</center></body></html>")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An injected fault that ends the call without an answer: the connection is dropped. */
    private static final class DropConnection extends RuntimeException {
        DropConnection() {
            super(null, null, false, false);
        }
    }

    private final SandboxOptions options;
    private final SystemParamsCheck systemParams;
    private final Map<DocumentKind, DocumentStore> stores = new EnumMap<>(DocumentKind.class);
    private final List<MessyValues.MessyDocument> messy = new ArrayList<>();
    private final TransientFaults faults;
    private final CallLimiter limiter;
    private final PagingDrift drift;
    private final DocumentChanges changes;
    private final ExecutorService executor;
    private final HttpServer server;
    private final AtomicLong calls = new AtomicLong();
    private final Map<Integer, LongAdder> refusals = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final String requestIdPrefix = Long.toString(System.currentTimeMillis(), 36);

    private QimenGateway(SandboxOptions options, HttpServer server) {
        this.options = options;
        this.systemParams = new SystemParamsCheck(options);
        store(DocumentKind.SALEOUT, new SaleoutGenerator(options.seed(), options.saleoutCount(), options.from(),
                options.to(), options.idOffset()).documents());
        store(DocumentKind.ORDER, new OrderGenerator(options.seed(), options.orderCount(), options.from(),
                options.to(), options.idOffset()).documents());
        this.faults = new TransientFaults(options.faults());
        this.limiter = new CallLimiter(options.rateLimits(), System::nanoTime);
        this.drift = new PagingDrift(options.revisionsDuringPaging());
        this.changes = options.changesPerSecond() == 0 ? null : new DocumentChanges(
                stores.get(DocumentKind.SALEOUT), stores.get(DocumentKind.ORDER), options.seed());
        this.server = server;
        this.executor = Executors.newFixedThreadPool(THREADS, DaemonThreads.numbered("qimen-sandbox-"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.createContext(TRUTH_ROUTE, this::truth);
        server.createContext(CHANGES_ROUTE, this::changes);
    }

    /**
     * Serves {@code documents}, the messy ones among them kept as they are: no change or drift revises them, so
     * that what the truth says of them holds.
     */
    private void store(DocumentKind kind, List<ObjectNode> documents) {
        List<MessyValues.MessyDocument> made = MessyValues.apply(options.messiness(), kind, documents, QimenTime.now());
        DocumentStore store = new DocumentStore(kind, documents);
        made.forEach(document -> store.keepAsIs(Long.parseLong(document.documentId())));
        messy.addAll(made);
        stores.put(kind, store);
    }

    /** Generates the data set and starts listening on 127.0.0.1. */
    public static QimenGateway start(SandboxOptions options) {
        return start(options, LOOPBACK);
    }

    /**
     * Generates the data set and starts listening on {@code host}: {@code 0.0.0.0} serves other machines too,
     * as in a container that the extractor reaches over a network.
     */
    public static QimenGateway start(SandboxOptions options, String host) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, options.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + options.port(), e);
        }
        QimenGateway gateway = new QimenGateway(options, server);
        server.start();
        if (gateway.changes != null) {
            gateway.changes.start(options.changesPerSecond());
        }
        LOG.info("Qimen sandbox listening at {} with {} sales outbound notes and {} sales orders ({})",
                gateway.gatewayUrl(), options.saleoutCount(), options.orderCount(), options);
        return gateway;
    }

    public String gatewayUrl() {
        return host() + ROUTE;
    }

    /** {@code http://host:port}, where this machine reaches the gateway. */
    public String host() {
        // A wildcard address is where the server listens, not one to call: this machine reaches it on loopback.
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? LOOPBACK : address.getHostString();
        return "http://" + host + ":" + port();
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
        return stores.get(DocumentKind.SALEOUT).snapshot();
    }

    /** Copies of the orders as served now (revisions included), in {@code o_id} order. */
    public List<ObjectNode> orders() {
        return stores.get(DocumentKind.ORDER).snapshot();
    }

    /** The documents that carry a value no table takes as it is, and what each should become. */
    public List<MessyValues.MessyDocument> messy() {
        return List.copyOf(messy);
    }

    /** The POST requests received on the gateway routes, refused ones included. */
    public long calls() {
        return calls.get();
    }

    /**
     * How many calls were refused, by code: the gateway's and Jushuitan's codes as answered, and 502 for the
     * bad-gateway fault.
     */
    public Map<Integer, Long> refusals() {
        Map<Integer, Long> counts = new TreeMap<>();
        refusals.forEach((code, count) -> counts.put(code, count.sum()));
        return counts;
    }

    /** How many correctly signed calls met each kind of injected fault, by its name. */
    public Map<String, Long> faultsInjected() {
        Map<String, Long> byName = new TreeMap<>();
        faults.injected().forEach((fault, count) -> byName.put(fault.name(), count));
        return byName;
    }

    /** How many documents the gateway revised while they were being paged through (paging drift). */
    public long revisionsMade() {
        return drift.revisionsMade();
    }

    /**
     * Changes a note as the ERP would: {@code change} edits a copy, then {@code modified} becomes the
     * gateway's now (China time) and {@code ts} a value larger than any served before.
     *
     * @return a copy of the revised note
     * @throws NoSuchElementException when no note has that {@code io_id}
     */
    public ObjectNode reviseSaleout(long ioId, Consumer<ObjectNode> change) {
        return stores.get(DocumentKind.SALEOUT).revise(ioId, change, QimenTime.now());
    }

    /**
     * Changes an order as the ERP would, like {@link #reviseSaleout}; {@code change} may also drop an item or a
     * payment.
     *
     * @return a copy of the revised order
     * @throws NoSuchElementException when no order has that {@code o_id}
     */
    public ObjectNode reviseOrder(long oId, Consumer<ObjectNode> change) {
        return stores.get(DocumentKind.ORDER).revise(oId, change, QimenTime.now());
    }

    /** What a user needs to point a client at the sandbox; includes the secret, for the user's eyes only. */
    public String describe() {
        List<String> lines = new ArrayList<>(List.of(
                "Qimen sandbox gateway",
                "  gateway URL : " + gatewayUrl() + "  (test route " + TEST_ROUTE + ")",
                "  app key     : " + appKey(),
                "  app secret  : " + appSecret(),
                "  customer id : " + customerId(),
                "  target app  : " + JUSHUITAN_TARGET_APP_KEY,
                "  documents   : " + options.saleoutCount() + " sales outbound notes ("
                        + DocumentKind.SALEOUT.method() + "), seed " + options.seed(),
                "                " + options.orderCount() + " sales orders (" + DocumentKind.ORDER.method() + ")",
                "  modified    : " + QimenTime.format(options.from()) + " to " + QimenTime.format(options.to())
                        + " (China time, end exclusive)"));
        if (!options.rateLimits().isNone()) {
            lines.add("  rate limits : " + options.rateLimits()
                    + " (refused with 199 over the first, 200 over a later one)");
        }
        if (!options.faults().isNever()) {
            lines.add("  faults      : " + options.faults() + " per signed call of a transient failure"
                    + " (HTTP 502 or 503 with an HTML page, 15 isp.remote-service-unavailable, 7 app call limited, a "
                    + TransientFaults.SLOW_ANSWER_MILLIS + " ms delay, the connection dropped, the JSON cut short)");
        }
        if (!options.revisionsDuringPaging().isNever()) {
            lines.add("  drift       : " + options.revisionsDuringPaging()
                    + " per window page that a document it served is revised");
        }
        if (!options.messiness().isNone()) {
            lines.add("  messy       : " + messy.size() + " documents (" + options.messiness() + ") carry a value no "
                    + "table takes as it is; the truth says what each should become");
        }
        if (changes != null || !messy.isEmpty()) {
            lines.add("  truth       : GET " + host() + TRUTH_ROUTE + " (every document as it stands, and the messy ones)");
        }
        if (changes != null) {
            lines.add("  changes     : " + options.changesPerSecond() + " a second (documents created, statuses, "
                    + "amounts, items and payments changed); stop them: POST " + host() + CHANGES_ROUTE + "stop");
        }
        return String.join(System.lineSeparator(), lines);
    }

    /**
     * Stops the document changes, those it makes on its own and the revisions of paging drift; what the gateway
     * then serves is the truth and holds still.
     */
    public void stopChanges() {
        if (changes != null) {
            changes.close();
        }
        drift.stop();
    }

    /** The changes made so far, by kind (empty without changes). */
    public Map<String, Long> changesMade() {
        return changes == null ? Map.of() : changes.made();
    }

    @Override
    public void close() {
        stopChanges();
        server.stop(0);
        executor.shutdownNow();
        LOG.info("Qimen sandbox at {} stopped after {} calls", gatewayUrl(), calls());
    }

    /**
     * {@code GET /sandbox/truth}: every document as it stands and what each messy one should become,
     * {@code {"saleout": [...], "order": [...], "messy": [...]}}.
     */
    private void truth(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, Reply.text(405, "Method Not Allowed"));
                return;
            }
            ObjectNode truth = Json.MAPPER.createObjectNode();
            truth.set("saleout", Json.MAPPER.valueToTree(saleouts()));
            truth.set("order", Json.MAPPER.valueToTree(orders()));
            truth.set("messy", Json.MAPPER.valueToTree(messy));
            send(exchange, Reply.json(truth));
        }
    }

    /** {@code POST /sandbox/changes/stop}: stops the changes and answers what they made. */
    private void changes(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())
                    || !exchange.getRequestURI().getPath().equals(CHANGES_ROUTE + "stop")) {
                send(exchange, Reply.text(404, "Not Found"));
                return;
            }
            stopChanges();
            send(exchange, Reply.json(Json.MAPPER.valueToTree(Map.of("made", changesMade()))));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!ROUTES.contains(exchange.getRequestURI().getPath())) {
                send(exchange, Reply.text(404, "Not Found"));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, Reply.text(405, "Method Not Allowed"));
                return;
            }
            calls.incrementAndGet();
            Reply reply;
            try {
                reply = answer(exchange);
            } catch (DropConnection dropped) {
                return; // closed without a status line: the client reads an unexpected end of stream
            }
            send(exchange, reply);
        }
    }

    private Reply answer(HttpExchange exchange) throws IOException {
        String requestId = requestIdPrefix + Long.toString(requestIds.incrementAndGet(), 36);
        GatewayError refusal;
        try {
            Map<String, String> params = formParams(exchange.getRequestURI().getRawQuery());
            params.putAll(formParams(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            return dispatch(params, requestId);
        } catch (DropConnection e) {
            throw e;
        } catch (GatewayError e) {
            LOG.debug("request {} refused with {}: {}", requestId, e.code(), e.getMessage());
            refusal = e;
        } catch (RuntimeException e) {
            LOG.warn("request {} failed", requestId, e);
            refusal = GatewayError.remoteServiceError("the sandbox failed: " + e.getMessage());
        }
        countRefusal(refusal.code());
        return Reply.json(refusal.envelope(requestId));
    }

    private Reply dispatch(Map<String, String> params, String requestId) throws IOException {
        systemParams.authenticate(params);
        Optional<Fault> fault = faults.nextSignedCall();
        if (fault.isPresent()) {
            LOG.debug("request {} meets the injected fault {}", requestId, fault.get());
            Reply failed = failTransiently(fault.get());
            if (failed != null) {
                return failed;
            }
        }
        limiter.admit();
        DocumentStore store = stores.get(systemParams.route(params));
        DocumentQuery query = DocumentQuery.parse(params, store.kind());
        DocumentStore.Page page = store.page(query);
        drift.afterPage(store, query, page);
        if (fault.filter(Fault.TRUNCATED_ANSWER::equals).isPresent()) {
            return Reply.json(Arrays.copyOf(page.answer(), page.answer().length / 2));
        }
        return Reply.json(page.answer());
    }

    /** The reply of a fault that replaces the answer; null for one that only delays or mangles it. */
    private Reply failTransiently(Fault fault) {
        return switch (fault) {
            case BAD_GATEWAY -> {
                countRefusal(HTTP_BAD_GATEWAY);
                yield Reply.html(HTTP_BAD_GATEWAY, "502 Bad Gateway");
            }
            case SERVICE_UNAVAILABLE -> {
                countRefusal(HTTP_UNAVAILABLE);
                yield Reply.html(HTTP_UNAVAILABLE, "503 Service Temporarily Unavailable");
            }
            case REMOTE_SERVICE_UNAVAILABLE ->
                    throw GatewayError.remoteServiceUnavailable("the remote service is unavailable, retry later");
            case APP_CALL_LIMITED -> throw GatewayError.appCallLimited("app call limited, retry later");
            case CONNECTION_RESET -> throw new DropConnection();
            case SLOW_ANSWER -> {
                sleep(TransientFaults.SLOW_ANSWER_MILLIS);
                yield null;
            }
            case TRUNCATED_ANSWER -> null;
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void countRefusal(int code) {
        refusals.computeIfAbsent(code, c -> new LongAdder()).increment();
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

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        exchange.getResponseBody().write(reply.body());
    }
}
