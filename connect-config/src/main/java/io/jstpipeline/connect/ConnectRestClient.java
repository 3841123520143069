package io.jstpipeline.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Kafka Connect REST API, for the calls the pipeline makes: put, list, pause, resume, restart and delete
 * connectors and read their configurations and states. Over
 * http or https (trusting the JVM's CAs, or those of a PEM file), with HTTP basic authentication when a user is
 * given (Connect's {@code BasicAuthSecurityRestExtension}); every failure is one {@link ConnectApiException}
 * naming the URL.
 */
public final class ConnectRestClient {

    /** How long to wait for a connection to the REST API. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for an answer: longer than Connect's own 90 s, after which it answers 500 itself. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(100);

    /**
     * How the REST API is reached beyond its URL.
     *
     * @param user     the basic-authentication user; null sends no credentials
     * @param password the user's password
     * @param caFile   a PEM file of the CA certificates an https URL's certificate must chain to; null trusts the
     *                 JVM's default CAs
     */
    public record Access(String user, String password, Path caFile) {

        /** No credentials, the JVM's CAs. */
        public static final Access OPEN = new Access(null, null, null);

        @Override
        public String toString() {
            return "Access[user=" + user + ", password=" + (password == null ? null : "******") + ", caFile=" + caFile
                    + "]";
        }
    }

    /** A connector's state and its tasks' states, as {@code /connectors/<name>/status} reports them. */
    public record ConnectorStatus(String connector, List<TaskStatus> tasks) {

        public boolean running() {
            return "RUNNING".equals(connector) && !tasks.isEmpty()
                    && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
        }

        public boolean failed() {
            return "FAILED".equals(connector) || tasks.stream().anyMatch(t -> "FAILED".equals(t.state()));
        }
    }

    /** One task's state; {@code trace} holds the error of a FAILED task. */
    public record TaskStatus(int id, String state, String trace) {

        private static final String CAUSED_BY = "Caused by: ";

        /** The error in one line: the trace's innermost cause, or its first line when it has none. */
        public String error() {
            if (trace == null) {
                return "no error given";
            }
            // The cause is what tells an operator what happened; Connect's own wrapper line does not.
            String cause = trace.lines().findFirst().orElse("");
            for (String line : trace.lines().toList()) {
                if (line.startsWith(CAUSED_BY)) {
                    cause = line.substring(CAUSED_BY.length());
                }
            }
            return cause.strip();
        }
    }

    /** A connector on the cluster: its type (sink, source), class and states. */
    public record ConnectorOverview(String name, String type, String connectorClass, ConnectorStatus status) {
    }

    private final URI baseUrl;
    private final HttpClient http;
    /** The Authorization header's value, or null. */
    private final String authorization;

    public ConnectRestClient(String baseUrl) {
        this(baseUrl, Access.OPEN);
    }

    /** @throws IllegalArgumentException when the CA file cannot be read or holds no certificate */
    public ConnectRestClient(String baseUrl, Access access) {
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (access.caFile() != null) {
            builder.sslContext(trusting(access.caFile()));
        }
        this.http = builder.build();
        this.authorization = access.user() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (access.user() + ":" + Objects.requireNonNullElse(access.password(), ""))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** A TLS context trusting exactly the certificates of {@code pemFile}. */
    private static SSLContext trusting(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalArgumentException(pemFile + " holds no PEM certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + pemFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pemFile + " is not a PEM file of certificates: " + e.getMessage(), e);
        }
    }

    public String baseUrl() {
        return baseUrl.toString();
    }

    /** Creates the connector or updates its configuration (idempotent). */
    public void putConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        HttpRequest request = request(connector(name, "config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(config)))
                .build();
        send(request, "put connector " + name);
    }

    /** The worker's version and the id of the Kafka cluster it works for, as {@code GET /} answers them. */
    public record Worker(String version, String kafkaClusterId) {
    }

    public Worker worker() throws IOException, InterruptedException {
        JsonNode body = send(request(baseUrl).GET().build(), "worker version");
        return new Worker(body.path("version").asText(), body.path("kafka_cluster_id").asText());
    }

    /** The connector classes installed on the worker ({@code GET /connector-plugins}). */
    public List<String> connectorPlugins() throws IOException, InterruptedException {
        JsonNode body = send(request(baseUrl.resolve("connector-plugins")).GET().build(), "list connector plugins");
        List<String> classes = new ArrayList<>();
        body.forEach(plugin -> classes.add(plugin.path("class").asText()));
        return classes;
    }

    /** The names of the connectors the cluster runs. */
    public List<String> connectors() throws IOException, InterruptedException {
        JsonNode body = send(request(baseUrl.resolve("connectors")).GET().build(), "list connectors");
        List<String> names = new ArrayList<>();
        body.forEach(name -> names.add(name.asText()));
        return names;
    }

    /** Every connector on the cluster with its class and states, in one call, by name. */
    public List<ConnectorOverview> overview() throws IOException, InterruptedException {
        JsonNode body = send(request(baseUrl.resolve("connectors?expand=info&expand=status")).GET().build(),
                "list connectors");
        List<ConnectorOverview> connectors = new ArrayList<>();
        body.fields().forEachRemaining(entry -> connectors.add(new ConnectorOverview(entry.getKey(),
                entry.getValue().path("info").path("type").asText(),
                entry.getValue().path("info").path("config").path("connector.class").asText(),
                statusOf(entry.getValue().path("status")))));
        connectors.sort(Comparator.comparing(ConnectorOverview::name));
        return connectors;
    }

    /** The configuration the connector was given, plus the {@code name} key Connect adds. */
    public Map<String, String> config(String name) throws IOException, InterruptedException {
        JsonNode body = send(name, request(connector(name, "config")).GET().build(), "config of " + name);
        Map<String, String> config = new LinkedHashMap<>();
        body.fields().forEachRemaining(entry -> config.put(entry.getKey(), entry.getValue().asText()));
        return config;
    }

    public ConnectorStatus status(String name) throws IOException, InterruptedException {
        return statusOf(send(name, request(connector(name, "status")).GET().build(), "status of " + name));
    }

    private static ConnectorStatus statusOf(JsonNode body) {
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode task : body.path("tasks")) {
            tasks.add(new TaskStatus(task.path("id").asInt(), task.path("state").asText(),
                    task.hasNonNull("trace") ? task.get("trace").asText() : null));
        }
        return new ConnectorStatus(body.path("connector").path("state").asText(), tasks);
    }

    /** Waits until the connector and all its tasks run; fails early with the task's error if one fails. */
    public ConnectorStatus awaitRunning(String name, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            ConnectorStatus status;
            try {
                status = status(name);
            } catch (ConnectApiException e) {
                if (e.status() == 0) {
                    throw e; // no answer at all, not a connector still being registered
                }
                status = null; // not registered yet
            }
            if (status != null && status.running()) {
                return status;
            }
            if (status != null && status.failed()) {
                throw new ConnectApiException("connector " + name + " failed: " + status);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ConnectApiException("connector " + name + " not running after " + timeout + ": " + status);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Pauses the connector and waits until its tasks report PAUSED (or FAILED: neither writes any more); its
     * records wait in the topic until {@link #resume}.
     */
    public void pause(String name, Duration timeout) throws IOException, InterruptedException {
        send(name, request(connector(name, "pause")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                "pause connector " + name);
        Instant deadline = Instant.now().plus(timeout);
        ConnectorStatus status = status(name);
        while (!"PAUSED".equals(status.connector()) || !status.tasks().stream()
                .allMatch(t -> "PAUSED".equals(t.state()) || "FAILED".equals(t.state()))) {
            if (Instant.now().isAfter(deadline)) {
                throw new ConnectApiException("connector " + name + " not paused after " + timeout + ": " + status);
            }
            Thread.sleep(200);
            status = status(name);
        }
    }

    /** Resumes a paused connector: its tasks go on from their committed offsets. */
    public void resume(String name) throws IOException, InterruptedException {
        send(name, request(connector(name, "resume")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                "resume connector " + name);
    }

    /** Removes the connector; its sink consumer group and committed offsets stay. */
    public void deleteConnector(String name) throws IOException, InterruptedException {
        send(name, request(baseUrl.resolve("connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .DELETE().build(), "delete connector " + name);
    }

    /**
     * Restarts the connector and its tasks, or only those FAILED ({@code onlyFailed}); Connect marks them
     * RESTARTING before it answers.
     */
    public void restart(String name, boolean onlyFailed) throws IOException, InterruptedException {
        send(name, request(connector(name, "restart?includeTasks=true&onlyFailed=" + onlyFailed))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "restart connector " + name);
    }

    /** Restarts one task, e.g. one that failed on a database outage. */
    public void restartTask(String name, int task) throws IOException, InterruptedException {
        send(request(connector(name, "tasks/" + task + "/restart"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "restart task " + task + " of " + name);
    }

    private URI connector(String name, String path) {
        return baseUrl.resolve("connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/" + path);
    }

    /** A request with the timeout and, given a user, the credentials every call carries. */
    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    /** {@link #send(HttpRequest, String)} of a call on one connector: a 404 says it is not there, in one line. */
    private JsonNode send(String name, HttpRequest request, String what) throws IOException, InterruptedException {
        try {
            return send(request, what);
        } catch (ConnectApiException e) {
            if (e.status() == 404) {
                throw new ConnectApiException("Kafka Connect at " + baseUrl + ": no connector " + name, 404, null);
            }
            throw e;
        }
    }

    private JsonNode send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectApiException("Kafka Connect at " + baseUrl + ": " + what + ": " + unreachable(e), 0, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ConnectApiException("Kafka Connect at " + baseUrl + ": " + what + ": HTTP "
                    + response.statusCode() + (response.statusCode() == 401 || response.statusCode() == 403
                    ? " (the REST API refused the credentials, or wants some)" : "") + " " + response.body(),
                    response.statusCode(), null);
        }
        return response.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
    }

    /** Why no answer came, in a few words: the exception's own message is often empty or a class name. */
    private static String unreachable(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            // The HTTP client's refusals often carry no message at all.
            return "cannot connect (" + Objects.requireNonNullElse(firstMessage(e),
                    "nothing listens there, or it cannot be reached") + ")";
        }
        if (e instanceof SSLException) {
            return "TLS failed (its certificate must chain to the CA file given, else to one of the JVM's CAs): "
                    + rootCause(e);
        }
        return Objects.requireNonNullElse(firstMessage(e), rootCause(e));
    }

    /** The first message along the causes, or null: the outer exceptions of the HTTP client often have none. */
    private static String firstMessage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        return null;
    }

    /** The innermost cause's message: for TLS the outer ones repeat it behind class names. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** A Connect REST call that did not succeed: the REST API refused it, or did not answer. */
    public static final class ConnectApiException extends IOException {

        private final int status;

        public ConnectApiException(String message) {
            this(message, 0, null);
        }

        public ConnectApiException(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The HTTP status of the refusal; 0 when no answer came (or the call's answer was not the failure). */
        public int status() {
            return status;
        }
    }
}
