package io.jstpipeline.ops;

import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.publish.CursorReset;
import io.jstpipeline.extractor.publish.CursorStore;
import io.jstpipeline.extractor.window.TimeWindow;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;

/**
 * What an operator checks first: how far behind each cursor is, consumer lag, dead letters, the values the
 * transformer cleaned to keep their rows (records in {@code jst.cleaned.transform}), sink states.
 */
public record PipelineStatus(List<CursorState> cursors, Map<String, Long> consumerLag, Map<String, Long> deadLetters,
                             Map<String, Long> cleanedValues, List<ConnectorState> connectors) {

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

    /** A connector's state and its tasks' states. */
    public record ConnectorState(String name, String state, List<String> tasks) {
    }

    /** Reads the status; {@code connectRest} null leaves the connectors out. */
    public static PipelineStatus read(Admin admin, KafkaConnection kafka, ConnectRestClient connectRest)
            throws Exception {
        LocalDateTime now = QimenTime.now();
        Set<String> topics = admin.listTopics().names().get();
        List<CursorState> cursors = new ArrayList<>();
        if (topics.contains(Topics.EXTRACTOR_STATE)) {
            new TreeMap<>(new CursorStore(kafka).loadAll()).forEach((key, cursor) -> cursors.add(state(key,
                    cursor, now)));
        }
        Map<String, Long> lag = new TreeMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            lag.put(group.groupId(), ConsumerLag.of(admin, kafka, group.groupId()));
        }
        Map<String, Long> deadLetters = new TreeMap<>(TopicEnds.of(admin, deadLetterTopics(topics)));
        Map<String, Long> cleanedValues = new TreeMap<>(TopicEnds.of(admin,
                topics.contains(Topics.TRANSFORM_CLEANED) ? List.of(Topics.TRANSFORM_CLEANED) : List.of()));
        List<ConnectorState> connectors = new ArrayList<>();
        if (connectRest != null) {
            connectorStatuses(connectRest).forEach((name, status) -> connectors.add(new ConnectorState(name,
                    status.connector(), status.tasks().stream().map(t -> t.id() + ":" + t.state()).toList())));
        }
        return new PipelineStatus(cursors, lag, deadLetters, cleanedValues, connectors);
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

    private static CursorState state(String key, Cursor cursor, LocalDateTime now) {
        Long behind = cursor.completedUntil() == null ? null
                : Duration.between(cursor.completedUntil(), now).toSeconds();
        return new CursorState(key, cursor.completedUntil(), cursor.lastTs(), behind, cursor.unsettled(),
                cursor.reset());
    }
}
