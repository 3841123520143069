package io.jstpipeline.ops;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.publish.CursorReset;
import io.jstpipeline.extractor.publish.CursorStore;
import io.jstpipeline.extractor.window.TimeWindow;
import io.jstpipeline.transformer.TransformerService;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * What an operator checks first, stage by stage in the data's order: the services' own reports (the gateway's
 * calls, refusals and faults among them), how far behind each cursor is, the raw topics, the transformer's
 * instances, the row topics, the sink connectors and the tables; besides them consumer lag, dead letters and the
 * values the transformer cleaned to keep their rows (records in {@code jst.cleaned.transform}).
 * {@code status --json} prints it and {@code status --serve}'s page draws it.
 */
public record PipelineStatus(@JsonFormat(shape = JsonFormat.Shape.STRING) Instant at,
                             List<ServiceReport.ServiceState> services, List<CursorState> cursors,
                             Map<String, Long> rawTopics, TransformerState transformer, Map<String, Long> rowTopics,
                             ConnectState connect, List<ConnectorState> connectors, List<TableState> tables,
                             Map<String, Long> consumerLag, Map<String, Long> deadLetters,
                             Map<String, Long> cleanedValues) {

    /**
     * Where the status is read from.
     *
     * @param transformerApplicationId the transformer's Kafka Streams application id: its consumer group
     * @param connectRest              the Connect cluster, or null to leave the sink connectors out
     * @param tableRows                the sink's database, or null to leave the tables' row counts out
     * @param tables                   the mapped tables, in the mapping's order
     */
    public record Sources(KafkaConnection kafka, String transformerApplicationId, ConnectRestClient connectRest,
                          TableRows tableRows, List<String> tables) {
    }

    /**
     * A flow's (or backfill's) cursor and how far it is behind now.
     *
     * @param unsettled windows behind the cursor whose pages still drifted after the last re-read: read again each
     *                  run until they settle
     * @param reset     the operator's last move of the cursor ({@code extract --reset-cursor}), or null
     */
    public record CursorState(String key, LocalDateTime completedUntil, Long lastTs, Long behindSeconds,
                              List<TimeWindow> unsettled, CursorReset reset) {
    }

    /**
     * The transformer's instances as its consumer group shows them: the group's state ({@code Stable},
     * {@code PreparingRebalance}, {@code Empty} when no instance runs) and the records it has yet to read.
     */
    public record TransformerState(String applicationId, String groupState, long lag, List<Instance> instances) {

    }

    /**
     * One transformer process: its Kafka Streams client id (shared by its stream threads), its host, its threads
     * and the raw partitions they read.
     */
    public record Instance(String clientId, String host, int threads, List<String> partitions) {
    }

    /** The Connect cluster: whether its REST API answered, and if not, why. */
    public record ConnectState(String url, boolean reachable, String error) {
    }

    /**
     * A connector's state, its tasks' states ({@code <id>:<state>}), the records of its topic its consumer group
     * has yet to write, and its first failed task's error in one line (null when none failed).
     */
    public record ConnectorState(String name, String state, List<String> tasks, Long lag, String error) {

        /** Whether the connector or one of its tasks failed: {@code status} exits 1. */
        public boolean failed() {
            return state.equals("FAILED") || tasks.stream().anyMatch(t -> t.endsWith("FAILED"));
        }
    }

    /** A mapped table and the rows it holds, or why they could not be counted. */
    public record TableState(String name, Long rows, String error) {
    }

    /** Reads the status of every stage {@code sources} names. */
    public static PipelineStatus read(Admin admin, Sources sources) throws Exception {
        Instant at = Instant.now();
        LocalDateTime now = QimenTime.now();
        KafkaConnection kafka = sources.kafka();
        Set<String> topics = admin.listTopics().names().get();
        List<ServiceReport.ServiceState> services = topics.contains(Topics.SERVICES)
                ? ServiceReport.read(kafka, at) : List.of();
        List<CursorState> cursors = new ArrayList<>();
        if (topics.contains(Topics.EXTRACTOR_STATE)) {
            new TreeMap<>(new CursorStore(kafka).loadAll()).forEach((key, cursor) -> cursors.add(state(key,
                    cursor, now)));
        }
        Map<String, Long> lag = new TreeMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            lag.put(group.groupId(), ConsumerLag.of(admin, kafka, group.groupId()));
        }
        Map<String, Long> rawTopics = ends(admin, topics.stream().filter(Topics::isRaw).toList());
        Map<String, Long> rowTopics = ends(admin, topics.stream().filter(Topics::isRows).toList());
        Map<String, Long> deadLetters = ends(admin, deadLetterTopics(topics));
        Map<String, Long> cleanedValues = ends(admin,
                topics.contains(Topics.TRANSFORM_CLEANED) ? List.of(Topics.TRANSFORM_CLEANED) : List.of());
        ConnectState connect = null;
        List<ConnectorState> connectors = new ArrayList<>();
        ConnectRestClient connectRest = sources.connectRest();
        if (connectRest != null) {
            try {
                connectorStatuses(connectRest).forEach((name, status) -> connectors.add(connector(name, status,
                        lag)));
                connect = new ConnectState(connectRest.baseUrl(), true, null);
            } catch (IOException e) {
                connect = new ConnectState(connectRest.baseUrl(), false, oneLine(e));
            }
        }
        TransformerState transformer = transformer(admin, sources.transformerApplicationId(), lag);
        return new PipelineStatus(at, services, cursors, rawTopics, transformer, rowTopics, connect, connectors,
                tables(sources), lag, deadLetters, cleanedValues);
    }

    /** The dead-letter topics among {@code topics}, sorted. */
    public static List<String> deadLetterTopics(Set<String> topics) {
        return topics.stream().filter(Topics::isDeadLetters).sorted().toList();
    }

    /** Every connector's status by name, in the order Connect lists them. */
    public static Map<String, ConnectRestClient.ConnectorStatus> connectorStatuses(ConnectRestClient connectRest)
            throws IOException, InterruptedException {
        Map<String, ConnectRestClient.ConnectorStatus> statuses = new LinkedHashMap<>();
        for (String name : connectRest.connectors()) {
            statuses.put(name, connectRest.status(name));
        }
        return statuses;
    }

    private static Map<String, Long> ends(Admin admin, List<String> topics) throws Exception {
        return new TreeMap<>(TopicEnds.of(admin, topics));
    }

    private static TransformerState transformer(Admin admin, String applicationId, Map<String, Long> lag)
            throws Exception {
        ConsumerGroupDescription group;
        try {
            group = admin.describeConsumerGroups(List.of(applicationId)).all().get().get(applicationId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return new TransformerState(applicationId, "NONE", 0, List.of());
            }
            throw e;
        }
        // A Streams client's threads join as members of their own.
        Map<String, List<MemberDescription>> byClient = new TreeMap<>();
        group.members().forEach(member -> byClient.computeIfAbsent(member.clientId().replaceFirst(
                TransformerService.STREAM_THREAD_SUFFIX, ""), id -> new ArrayList<>()).add(member));
        List<Instance> instances = new ArrayList<>();
        byClient.forEach((clientId, threads) -> instances.add(new Instance(clientId,
                threads.get(0).host().replaceFirst("^/", ""), threads.size(), threads.stream()
                .flatMap(thread -> thread.assignment().topicPartitions().stream()).map(TopicPartition::toString)
                .sorted().toList())));
        return new TransformerState(applicationId, group.groupState().toString(),
                lag.getOrDefault(applicationId, 0L), instances);
    }

    private static ConnectorState connector(String name, ConnectRestClient.ConnectorStatus status,
                                            Map<String, Long> lag) {
        // Connect's sink connectors consume as the group connect-<connector name>.
        return new ConnectorState(name, status.connector(), status.tasks().stream().map(t -> t.id() + ":" + t.state())
                .toList(), lag.get("connect-" + name), status.tasks().stream().filter(t -> "FAILED".equals(t.state()))
                .findFirst().map(ConnectRestClient.TaskStatus::error).orElse(null));
    }

    private static List<TableState> tables(Sources sources) {
        if (sources.tableRows() == null) {
            return List.of();
        }
        List<TableState> tables = new ArrayList<>();
        for (String table : sources.tables()) {
            try {
                tables.add(new TableState(table, sources.tableRows().count(table), null));
            } catch (SQLException e) {
                tables.add(new TableState(table, null, oneLine(e)));
            }
        }
        return tables;
    }

    private static String oneLine(Exception e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }

    private static CursorState state(String key, Cursor cursor, LocalDateTime now) {
        Long behind = cursor.completedUntil() == null ? null
                : Duration.between(cursor.completedUntil(), now).toSeconds();
        return new CursorState(key, cursor.completedUntil(), cursor.lastTs(), behind, cursor.unsettled(),
                cursor.reset());
    }
}
