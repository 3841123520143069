package io.jstpipeline.ops;

import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.connect.ConnectRestClient;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline seen from the outside, as gauges in Micrometer's global registry, refreshed on a schedule
 * (the same views {@code jst-pipeline status} prints): {@code jst_dead_letters{stage,topic}},
 * {@code jst_connector_tasks{connector,state}} and {@code jst_consumer_lag_records{group,topic}} of the sink
 * connectors' consumer groups. A refresh that fails keeps the last values and is tried again next time.
 *
 * <p>Every process that runs these (each transformer replica) exports the same pipeline-wide figures, so a query
 * takes their {@code max} across instances, never their {@code sum}: monitoring/alerts.yml does, and its unit tests
 * (alerts.test.yml) count two replicas' gauges once. Each replica exporting them, rather than one elected, keeps
 * them shown whichever replicas are up, with no coordination between them.
 */
public final class PipelineGauges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineGauges.class);
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(15);
    /** A sink connector's consumer group is {@code connect-<connector>} (Connect's default naming). */
    private static final String SINK_GROUP_PREFIX = "connect-";
    /** Connect's task states, each shown (0 when no task is in it) so a FAILED of 0 is visible too. */
    private static final List<String> TASK_STATES = List.of("RUNNING", "FAILED", "PAUSED", "UNASSIGNED", "RESTARTING");

    private final Admin admin;
    private final KafkaConnection kafka;
    private final ConnectRestClient connectRest;
    private final MultiGauge deadLetters = MultiGauge.builder("jst.dead.letters")
            .description("Records in each dead-letter topic").register(Metrics.globalRegistry);
    private final MultiGauge connectorTasks = MultiGauge.builder("jst.connector.tasks")
            .description("Tasks of each connector per state").register(Metrics.globalRegistry);
    private final MultiGauge consumerLag = MultiGauge.builder("jst.consumer.lag.records")
            .description("Records the sink connectors' consumer groups are behind").register(Metrics.globalRegistry);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("jst-pipeline-gauges"));

    /** @param connectRest the Connect cluster whose connectors to show; null leaves the connector gauges out */
    public PipelineGauges(KafkaConnection kafka, ConnectRestClient connectRest) {
        this.admin = Admin.create(kafka.properties());
        this.kafka = kafka;
        this.connectRest = connectRest;
    }

    /** Refreshes now, then every {@code every}. */
    public PipelineGauges start(Duration every) {
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reads everything once and sets the gauges; each view on its own, so that one failing spares the others. */
    public void refresh() throws Exception {
        Exception failure = null;
        try {
            refreshDeadLetters();
        } catch (Exception e) {
            failure = e;
        }
        try {
            refreshConsumerLag();
        } catch (Exception e) {
            failure = e;
        }
        if (connectRest != null) {
            try {
                refreshConnectorTasks();
            } catch (Exception e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("pipeline gauges not refreshed, keeping the last values: {}", e.toString());
        }
    }

    private void refreshDeadLetters() throws Exception {
        List<String> topics = PipelineStatus.deadLetterTopics(admin.listTopics().names().get());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        TopicEnds.of(admin, topics).forEach((topic, records) ->
                rows.add(MultiGauge.Row.of(Tags.of("stage", stageOf(topic), "topic", topic), records)));
        deadLetters.register(rows, true);
    }

    /** {@code extract} for the extractor's topic, {@code transform} for the transformer's, {@code sink} for a sink connector's. */
    static String stageOf(String deadLetterTopic) {
        return DeadLetter.Stage.of(deadLetterTopic).map(DeadLetter.Stage::tag).orElse("other");
    }

    private void refreshConsumerLag() throws Exception {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            if (group.groupId().startsWith(SINK_GROUP_PREFIX)) {
                ConsumerLag.byTopic(admin, kafka, group.groupId()).forEach((topic, records) ->
                        rows.add(MultiGauge.Row.of(Tags.of("group", group.groupId(), "topic", topic), records)));
            }
        }
        consumerLag.register(rows, true);
    }

    private void refreshConnectorTasks() throws Exception {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        PipelineStatus.connectorStatuses(connectRest).forEach((connector, status) -> {
            Map<String, Long> byState = new TreeMap<>(TASK_STATES.stream()
                    .collect(Collectors.toMap(Function.identity(), state -> 0L)));
            status.tasks().forEach(task -> byState.merge(task.state(), 1L, Long::sum));
            byState.forEach((state, tasks) ->
                    rows.add(MultiGauge.Row.of(Tags.of("connector", connector, "state", state), tasks)));
        });
        connectorTasks.register(rows, true);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.register(List.of(), true);
        connectorTasks.register(List.of(), true);
        consumerLag.register(List.of(), true);
        admin.close(Duration.ofSeconds(10));
    }
}
