package io.jstpipeline.ops.check;

import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.QimenApiException;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenClientOptions;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.qimen.SlidingWindowLimiter;
import io.jstpipeline.ops.TopicLayout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/**
 * Whether the parts of a deployment can be used as the pipeline will use them: each component's check reaches it,
 * says what it found in one line, and is bounded in time, so that an unreachable part never hangs the caller.
 * The checks only read: nothing is created or changed.
 */
public final class DeploymentCheck {

    /** How long one component may take; they run side by side. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a TCP connection to one bootstrap server may take before the next is tried. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The connector class of the pipeline's sink plugin (jst-jdbc-sink). */
    public static final String SINK_PLUGIN = "io.jstpipeline.jdbcsink.RowSinkConnector";
    /** How far back the gateway's one-page call reaches: short, so that it costs the gateway little. */
    static final Duration GATEWAY_WINDOW = Duration.ofMinutes(10);
    /** How often a call the gateway failed with a passing HTTP fault is made before the check gives up. */
    static final int GATEWAY_ATTEMPTS = 3;
    private static final Duration GATEWAY_RETRY_PAUSE = Duration.ofMillis(500);

    private DeploymentCheck() {
    }

    /**
     * One component's check: {@code target} is where it looks (never a secret), {@code reach} returns what it
     * found or throws what is wrong; a check with {@code skippedBecause} is not run.
     */
    public record Check(Component component, String target, Callable<String> reach, String skippedBecause) {

        public static Check of(Component component, String target, Callable<String> reach) {
            return new Check(component, target, reach, null);
        }

        public static Check skipped(Component component, String because) {
            return new Check(component, "-", null, because);
        }
    }

    /** Something a check reached and found wrong, of the given kind. */
    public static final class Problem extends RuntimeException {

        private final FailureKind kind;

        public Problem(FailureKind kind, String detail) {
            super(detail);
            this.kind = kind;
        }

        public FailureKind kind() {
            return kind;
        }
    }

    /** Runs the checks side by side, each within {@link #TIMEOUT} (and a little), and returns their findings in order. */
    public static List<Finding> run(List<Check> checks) {
        ExecutorService pool = Executors.newCachedThreadPool(DaemonThreads.numbered("jst-check-"));
        try {
            List<Future<String>> running = checks.stream()
                    .map(check -> check.reach() == null ? null : pool.submit(check.reach())).toList();
            long deadline = System.nanoTime() + TIMEOUT.plusSeconds(2).toNanos();
            List<Finding> findings = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                findings.add(finding(checks.get(i), running.get(i), deadline));
            }
            return findings;
        } finally {
            pool.shutdownNow(); // a check still waiting runs on a daemon thread and is left behind
        }
    }

    /** Runs the checks; a failure stops the caller, the one to act on first ({@link FailureKind}) if several. */
    public static void require(List<Check> checks) {
        FailureKind.first(run(checks)).ifPresent(finding -> {
            throw new CheckFailedException(finding);
        });
    }

    private static Finding finding(Check check, Future<String> running, long deadline) {
        if (running == null) {
            return Finding.skipped(check.component(), check.skippedBecause());
        }
        try {
            return Finding.ok(check.component(), check.target(),
                    running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            running.cancel(true);
            return Finding.failed(check.component(), check.target(), FailureKind.UNREACHABLE,
                    "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return Failure.of(cause).map(failure -> Finding.failed(check.component(), check.target(), failure.kind(),
                    failure.detail())).orElseGet(() -> Finding.failed(check.component(), check.target(),
                    FailureKind.FAILED, Failure.firstLine(String.valueOf(cause))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.failed(check.component(), check.target(), FailureKind.FAILED, "interrupted");
        }
    }

    // ---- the components ----

    /** The brokers answering and the cluster's id; first a TCP connection, so that none answering fails at once. */
    public static String kafka(KafkaConnection kafka) throws Exception {
        listening(kafka);
        try (Admin admin = admin(kafka)) {
            DescribeClusterResult cluster = admin.describeCluster();
            Collection<Node> nodes = cluster.nodes().get();
            return nodes.size() + (nodes.size() == 1 ? " broker" : " brokers") + ", cluster "
                    + cluster.clusterId().get();
        }
    }

    /**
     * A TCP connection to one of the bootstrap servers, before any Kafka client is built: a client would log a
     * warning a second and give up only after a minute.
     *
     * @throws Problem (unreachable) naming why no bootstrap server took a connection
     */
    public static void listening(KafkaConnection kafka) {
        String why = null;
        for (String server : kafka.bootstrapServers().split(",")) {
            String address = server.strip();
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("kafka.bootstrap-servers: " + address + " has no port (host:port)");
            }
            String host = address.substring(0, colon).replaceAll("^\\[|]$", "");
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("kafka.bootstrap-servers: " + address + " has no port (host:port)");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
                return;
            } catch (IOException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        throw new Problem(FailureKind.UNREACHABLE, "cannot connect within " + CONNECT_TIMEOUT.toSeconds() + " s ("
                + why + ")");
    }

    /** An admin client that gives up within {@link #TIMEOUT}, not its default minute. */
    private static Admin admin(KafkaConnection kafka) {
        Properties properties = kafka.properties();
        int timeout = (int) TIMEOUT.minusSeconds(1).toMillis();
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        return Admin.create(properties);
    }

    /**
     * Every topic of {@code topics} exists and is laid out as its role needs; creates nothing.
     *
     * @throws Problem a topic laid out wrong (configuration, as a service would stop on it) or missing (failed)
     */
    public static String topics(KafkaConnection kafka, TopicLayout layout, List<TopicLayout.Topic> topics)
            throws Exception {
        listening(kafka);
        try (Admin admin = admin(kafka)) {
            Set<String> existing = admin.listTopics().names().get();
            List<TopicLayout.Problem> problems = layout.check(admin, topics, kafka.bootstrapServers());
            if (!problems.isEmpty()) {
                throw new Problem(FailureKind.CONFIGURATION, problems.size() + " setting(s) wrong for the topics' "
                        + "roles, first: " + problems.get(0).line());
            }
            List<String> missing = topics.stream().map(TopicLayout.Topic::name).filter(t -> !existing.contains(t))
                    .toList();
            if (!missing.isEmpty()) {
                throw new Problem(FailureKind.FAILED, missing.size() + " of " + topics.size() + " topics missing: "
                        + String.join(", ", missing) + "; fix: jst-pipeline topics apply");
            }
            return topics.size() + " topics as their roles need (" + layout.partitions() + " partitions, replication "
                    + "factor " + layout.replicationFactor() + ")";
        }
    }

    /** The REST API's version: what a command that puts or reads connectors needs before it starts. */
    public static String connectReached(ConnectRestClient connect) throws Exception {
        return "Connect " + connect.worker().version();
    }

    /**
     * The REST API's version, the sink plugin installed and each of {@code connectors} RUNNING.
     *
     * @throws Problem the plugin not installed, a connector missing or not running (failed)
     */
    public static String connect(ConnectRestClient connect, List<String> connectors) throws Exception {
        ConnectRestClient.Worker worker = connect.worker();
        if (!connect.connectorPlugins().contains(SINK_PLUGIN)) {
            throw new Problem(FailureKind.FAILED, "Connect " + worker.version() + " has no " + SINK_PLUGIN + " (the "
                    + "jst-jdbc-sink plugin): put jdbc-sink/target/plugin/jst-jdbc-sink on the worker's plugin.path");
        }
        List<String> wrong = new ArrayList<>();
        for (String connector : connectors) {
            try {
                ConnectRestClient.ConnectorStatus status = connect.status(connector);
                if (!status.running()) {
                    wrong.add(connector + " " + status.connector() + " tasks " + status.tasks().stream()
                            .map(ConnectRestClient.TaskStatus::state).toList());
                }
            } catch (ConnectRestClient.ConnectApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                wrong.add(connector + " missing");
            }
        }
        if (!wrong.isEmpty()) {
            throw new Problem(FailureKind.FAILED, "Connect " + worker.version() + ", sink plugin installed; "
                    + String.join(", ", wrong) + (wrong.stream().anyMatch(w -> w.endsWith("missing"))
                    ? "; fix: jst-pipeline connectors apply" : ""));
        }
        return "Connect " + worker.version() + ", sink plugin installed" + (connectors.isEmpty() ? ""
                : ", " + connectors.size() + " sink connector(s) RUNNING");
    }

    /**
     * Connects as the configured user; with {@code tables}, also the grants the pipeline needs on the schema and
     * the tables present.
     *
     * @throws Problem a grant or a table missing (failed)
     */
    public static String mysql(DatabaseTarget database, List<String> tables) throws SQLException {
        try (Connection connection = database.connect()) {
            String server = connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion();
            String schema = connection.getCatalog();
            if (tables.isEmpty()) {
                return server + " as " + database.user();
            }
            List<String> wrong = new ArrayList<>();
            String grants = grants(connection, schema, wrong);
            List<String> present = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
                statement.setString(1, schema);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        present.add(rows.getString(1).toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
            List<String> missing = tables.stream().filter(t -> !present.contains(t.toLowerCase(java.util.Locale.ROOT)))
                    .toList();
            if (!missing.isEmpty()) {
                wrong.add("table(s) missing: " + String.join(", ", missing) + " (run or connectors apply --mysql-url "
                        + "creates them)");
            }
            if (!wrong.isEmpty()) {
                throw new Problem(FailureKind.FAILED, server + " as " + database.user() + ": "
                        + String.join("; ", wrong));
            }
            return server + " as " + database.user() + ", " + grants + ", " + tables.size() + " mapped tables present";
        }
    }

    /** What the user may do on the schema, adding what is missing to {@code wrong}. */
    private static String grants(Connection connection, String schema, List<String> wrong) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1290) {
                return "grants not enforced (the server runs with --skip-grant-tables)";
            }
            throw e;
        }
        Set<DatabaseGrants> missing = DatabaseGrants.missing(lines, schema);
        if (!missing.isEmpty()) {
            wrong.add("missing grant(s) " + missing.stream().map(Enum::name).collect(Collectors.joining(", "))
                    + " ON " + schema + ".* (README, Grants)");
        }
        return "grants " + (missing.isEmpty() ? "in place" : "incomplete");
    }

    /**
     * A call of one page (page size 1, the last {@link #GATEWAY_WINDOW}) of each flow, with no retry: a refused
     * app key or signature is credentials refused. Each call waits for {@code limiter}, the merchant's in this
     * process, so that the check counts against the same 5 calls a second and 100 a minute as the extractor's. A
     * fault the gateway itself says will pass counts as an answer; a passing HTTP fault is asked again, up to
     * {@value #GATEWAY_ATTEMPTS} times.
     */
    public static String gateway(QimenCredentials credentials, QimenClientOptions options, SlidingWindowLimiter limiter,
                                 List<FlowDefinition> flows) throws InterruptedException {
        LocalDateTime now = QimenTime.now();
        try (QimenClient client = new QimenClient(credentials, options.withTimeouts(CONNECT_TIMEOUT,
                TIMEOUT.minus(CONNECT_TIMEOUT)))) {
            for (FlowDefinition flow : flows) {
                for (int attempt = 1; ; attempt++) {
                    try (SlidingWindowLimiter.Permit permit = limiter.acquire()) {
                        client.fetchPage(flow.method(), flow.listField(), now.minus(GATEWAY_WINDOW), now, 1, 1);
                        break;
                    } catch (QimenApiException e) {
                        if (answeredWithPassingFault(e)) {
                            break; // reached, its credentials not refused: the extractor retries such a fault itself
                        }
                        // A passing HTTP fault (502, 429) is asked again; no answer at all is not.
                        if (!e.retryable() || e.code().equals(QimenApiException.IO_ERROR)
                                || attempt == GATEWAY_ATTEMPTS) {
                            throw e;
                        }
                    }
                    Thread.sleep(GATEWAY_RETRY_PAUSE.toMillis());
                }
            }
        }
        return "app key " + credentials.appKey() + ": " + flows.stream().map(FlowDefinition::name)
                .collect(Collectors.joining(", ")) + " answered";
    }

    /**
     * Whether the gateway answered the call with a fault of its own that a retry mends (e.g. code 15, the remote
     * service busy): it is reachable and took the credentials, as opposed to no answer, an HTTP error or a refusal.
     */
    static boolean answeredWithPassingFault(QimenApiException e) {
        return e.retryable() && !e.code().equals(QimenApiException.IO_ERROR)
                && !e.code().equals(QimenApiException.MALFORMED_RESPONSE)
                && !e.code().startsWith(QimenApiException.HTTP_ERROR_PREFIX);
    }
}
