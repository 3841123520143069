package io.jstpipeline.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Kafka Connect REST API, for the calls the pipeline makes: put a connector, read its state, pause it. */
public final class ConnectRestClient {

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
    }

    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ConnectRestClient(String baseUrl) {
        this.baseUrl = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    public String baseUrl() {
        return baseUrl.toString();
    }

    /** Creates the connector or updates its configuration (idempotent). */
    public void putConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(connector(name, "config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(config)))
                .build();
        send(request, "put connector " + name);
    }

    /** The names of the connectors the cluster runs. */
    public List<String> connectors() throws IOException, InterruptedException {
        JsonNode body = send(HttpRequest.newBuilder(baseUrl.resolve("connectors")).GET().build(), "list connectors");
        List<String> names = new ArrayList<>();
        body.forEach(name -> names.add(name.asText()));
        return names;
    }

    public ConnectorStatus status(String name) throws IOException, InterruptedException {
        JsonNode body = send(HttpRequest.newBuilder(connector(name, "status")).GET().build(), "status of " + name);
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
        send(HttpRequest.newBuilder(connector(name, "pause")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
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
        send(HttpRequest.newBuilder(connector(name, "resume")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                "resume connector " + name);
    }

    public void deleteConnector(String name) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(baseUrl.resolve("connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .DELETE().build(), "delete connector " + name);
    }

    /** Restarts one task, e.g. one that failed on a database outage. */
    public void restartTask(String name, int task) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(connector(name, "tasks/" + task + "/restart"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "restart task " + task + " of " + name);
    }

    private URI connector(String name, String path) {
        return baseUrl.resolve("connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/" + path);
    }

    private JsonNode send(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new ConnectApiException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
    }

    /** A Connect REST call that did not succeed. */
    public static final class ConnectApiException extends IOException {
        public ConnectApiException(String message) {
            super(message);
        }
    }
}
