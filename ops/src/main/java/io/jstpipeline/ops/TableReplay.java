package io.jstpipeline.ops;

import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.transformer.TransformerService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Rebuilds one table from the raw topics while the live pipeline keeps running: a transformer with a fresh
 * application id reads the raw topic from its start into a staging table through a staging sink connector;
 * once both have caught up, the live connector is paused, and the staging table takes the live table's place in
 * one {@code RENAME TABLE}; resumed, the live connector, which writes by table name, goes on into the rebuilt table.
 * The replay's Streams application leaves nothing behind.
 */
public final class TableReplay {

    private static final String STAGING_SUFFIX = "__replay";
    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long the live connector's tasks may take to finish their batch and pause. */
    private static final Duration PAUSE_TIMEOUT = Duration.ofMinutes(1);

    private final KafkaConnection kafka;
    private final ConnectRestClient connect;
    private final DatabaseTarget database;
    private final Mappings mappings;
    private final TopicLayout layout;
    private final SinkConnectors sinks;

    /**
     * @param layout the partitions and replication factor of the staging topics, as the live ones have
     * @param sinks  the staging table's connector, as the live ones are configured
     */
    public TableReplay(KafkaConnection kafka, ConnectRestClient connect, DatabaseTarget database, Mappings mappings,
                       TopicLayout layout, SinkConnectors sinks) {
        this.kafka = kafka;
        this.connect = connect;
        this.database = database;
        this.mappings = mappings;
        this.layout = layout;
        this.sinks = sinks;
    }

    /** Rebuilds {@code table}, reporting progress in lines; returns the rows the rebuilt table holds. */
    public long replay(String table, Duration timeout, Consumer<String> progress) throws Exception {
        TableMapping live = mappings.table(table);
        String staging = table + STAGING_SUFFIX;
        TableMapping stagingMapping = new TableMapping(staging, live.flow(), live.documentId(), live.explode(),
                live.keepEmpty(), live.rowId(), live.emptyRowId(), live.columns(), live.skip(), live.indexes());
        String applicationId = "jst-replay-" + table + "-" + System.currentTimeMillis();
        String connector = SinkConnectors.name(staging);
        Replay replay = new Replay(applicationId, Topics.raw(live.flow()), connector, staging,
                System.nanoTime() + timeout.toNanos(), timeout);
        try (Admin admin = Admin.create(kafka.properties())) {
            execute("DROP TABLE IF EXISTS " + staging);
            TableSchema.create(database, TableDdl.createTable(stagingMapping));
            List<TopicLayout.Topic> stagingTopics = new ArrayList<>(layout.transformerTopics(List.of(staging)));
            stagingTopics.addAll(layout.sinkTopics(List.of(staging)));
            layout.create(admin, stagingTopics);
            Map<String, String> config = sinks.config(live, database, staging);
            connect.putConnector(connector, config);
            progress.accept("replaying " + replay.rawTopic() + " into " + staging + " (application id "
                    + applicationId + ")");
            Path stateDir = Files.createTempDirectory("jst-replay");
            Properties streams = TransformerService.config(kafka, applicationId, stateDir);
            streams.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) layout.replicationFactor());
            try (TransformerService transformer = new TransformerService(new Mappings("replay of " + table,
                    List.of(stagingMapping)), streams)) {
                transformer.start();
                awaitCaughtUp(admin, replay, progress);
                swapIn(admin, replay, table, progress);
            } finally {
                removeApplication(admin, applicationId, stateDir, progress);
            }
        } finally {
            connect.deleteConnector(connector);
        }
        long rebuilt = new TableRows(database).count(table);
        progress.accept(String.format("%s rebuilt: %,d rows", table, rebuilt));
        return rebuilt;
    }

    /** One replay's names and its deadline. */
    private record Replay(String applicationId, String rawTopic, String connector, String staging, long deadline,
                          Duration timeout) {
    }

    /** Waits until the replay's transformer has read the raw topic to its end and its sink has written every row. */
    private void awaitCaughtUp(Admin admin, Replay replay, Consumer<String> progress) throws Exception {
        TableRows rows = new TableRows(database);
        while (!caughtUp(admin, replay)) {
            if (System.nanoTime() > replay.deadline()) {
                throw new IllegalStateException("replay into " + replay.staging() + " not caught up within "
                        + replay.timeout() + "; the live table is untouched, " + replay.staging()
                        + " holds what was replayed");
            }
            progress.accept(String.format("  %,d rows in %s", rows.count(replay.staging()), replay.staging()));
            Thread.sleep(POLL.toMillis());
        }
    }

    private boolean caughtUp(Admin admin, Replay replay) throws Exception {
        String sinkGroup = "connect-" + replay.connector();
        List<String> groups = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId()).toList();
        return groups.contains(replay.applicationId()) && groups.contains(sinkGroup)
                && ConsumerLag.of(admin, kafka, replay.applicationId(), List.of(replay.rawTopic())) == 0
                && ConsumerLag.of(admin, kafka, sinkGroup, List.of(Topics.rows(replay.staging()))) == 0;
    }

    /**
     * Swaps the caught-up staging table in. The live connector is paused first, and the replay caught up once more:
     * a row it wrote into the old table after the replay last caught up would otherwise be lost with that table.
     * Paused, its rows wait in the topic and go into the rebuilt table when it resumes, even if the swap fails.
     */
    private void swapIn(Admin admin, Replay replay, String table, Consumer<String> progress) throws Exception {
        String live = SinkConnectors.name(table);
        boolean paused = connect.connectors().contains(live);
        if (paused) {
            progress.accept("pausing " + live + " for the swap");
            connect.pause(live, PAUSE_TIMEOUT);
        }
        try {
            awaitCaughtUp(admin, replay, progress);
            progress.accept("swapping " + replay.staging() + " in for " + table);
            rename(replay.staging(), table);
        } finally {
            if (paused) {
                connect.resume(live);
                progress.accept("resumed " + live);
            }
        }
    }

    /**
     * Deletes what the replay's Streams application leaves on the cluster (its changelog and repartition topics, its
     * consumer group) and on disk: {@link org.apache.kafka.streams.KafkaStreams#cleanUp} covers the disk only. What
     * cannot be deleted is reported, not thrown, so that it never hides why a replay failed.
     */
    private static void removeApplication(Admin admin, String applicationId, Path stateDir, Consumer<String> progress) {
        try {
            List<String> internal = admin.listTopics().names().get().stream()
                    .filter(topic -> topic.startsWith(applicationId + "-")
                            && (topic.endsWith("-changelog") || topic.endsWith("-repartition")))
                    .toList();
            admin.deleteTopics(internal).all().get();
            admin.deleteConsumerGroups(List.of(applicationId)).all().get();
            Utils.delete(stateDir.toFile());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            progress.accept("could not remove the replay application " + applicationId + " (its -changelog and "
                    + "-repartition topics, consumer group, state in " + stateDir + "): " + e);
        }
    }

    /** One {@code RENAME TABLE} for both names, so readers never find the table missing; or just a rename if it is. */
    private void rename(String staging, String table) throws Exception {
        String old = table + "__old";
        execute("DROP TABLE IF EXISTS " + old);
        try (Connection c = database.connect();
             ResultSet live = c.getMetaData().getTables(c.getCatalog(), null, table, new String[] {"TABLE"})) {
            if (!live.next()) {
                execute("RENAME TABLE " + staging + " TO " + table);
                return;
            }
        }
        execute("RENAME TABLE " + table + " TO " + old + ", " + staging + " TO " + table);
        execute("DROP TABLE " + old);
    }

    private void execute(String sql) throws Exception {
        try (Connection c = database.connect();
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
