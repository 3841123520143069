package io.jstpipeline.ops;

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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Rebuilds one table from the raw topics while the live pipeline keeps running: a transformer with a fresh
 * application id reads the raw topic from its start into a staging table through a staging sink connector;
 * once both have caught up, the staging table takes the live table's place in one {@code RENAME TABLE}, and
 * the live connector, which writes by table name, goes on into the rebuilt table.
 */
public final class TableReplay {

    private static final String STAGING_SUFFIX = "__replay";
    private static final Duration POLL = Duration.ofSeconds(1);

    private final String bootstrapServers;
    private final ConnectRestClient connect;
    private final DatabaseTarget database;
    private final Mappings mappings;
    private final TopicLayout layout;

    /** @param layout the partitions and replication factor of the staging topics, as the live ones have */
    public TableReplay(String bootstrapServers, ConnectRestClient connect, DatabaseTarget database, Mappings mappings,
                       TopicLayout layout) {
        this.bootstrapServers = bootstrapServers;
        this.connect = connect;
        this.database = database;
        this.mappings = mappings;
        this.layout = layout;
    }

    /** Rebuilds {@code table}, reporting progress in lines; returns the rows the rebuilt table holds. */
    public long replay(String table, Duration timeout, Consumer<String> progress) throws Exception {
        TableMapping live = mappings.table(table);
        String staging = table + STAGING_SUFFIX;
        TableMapping stagingMapping = new TableMapping(staging, live.flow(), live.documentId(), live.explode(),
                live.keepEmpty(), live.rowId(), live.emptyRowId(), live.columns(), live.skip(), live.indexes());
        String applicationId = "jst-replay-" + table + "-" + System.currentTimeMillis();
        String connector = SinkConnectors.name(staging);
        TableRows rows = new TableRows(database);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            execute("DROP TABLE IF EXISTS " + staging);
            TableSchema.create(database, TableDdl.createTable(stagingMapping));
            List<TopicLayout.Topic> stagingTopics = new ArrayList<>(layout.transformerTopics(List.of(staging)));
            stagingTopics.addAll(layout.sinkTopics(List.of(staging)));
            layout.create(admin, stagingTopics);
            Map<String, String> config = new SinkConnectors(layout.replicationFactor()).config(live, database, staging);
            connect.putConnector(connector, config);
            progress.accept("replaying " + Topics.raw(live.flow()) + " into " + staging + " (application id "
                    + applicationId + ")");
            try (TransformerService transformer = new TransformerService(new Mappings("replay of " + table,
                    List.of(stagingMapping)), TransformerService.config(bootstrapServers, applicationId,
                    Files.createTempDirectory("jst-replay")))) {
                transformer.start();
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!caughtUp(admin, applicationId, live.flow(), connector, staging)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("replay of " + table + " not caught up within " + timeout
                                + "; the live table is untouched, " + staging + " holds what was replayed");
                    }
                    progress.accept(String.format("  %,d rows in %s", rows.count(staging), staging));
                    Thread.sleep(POLL.toMillis());
                }
                swapIn(staging, table);
            }
        } finally {
            connect.deleteConnector(connector);
        }
        long rebuilt = rows.count(table);
        progress.accept(String.format("%s rebuilt: %,d rows", table, rebuilt));
        return rebuilt;
    }

    private boolean caughtUp(Admin admin, String applicationId, String flow, String connector, String staging)
            throws Exception {
        List<String> groups = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId()).toList();
        return groups.contains(applicationId) && groups.contains("connect-" + connector)
                && ConsumerLag.of(admin, bootstrapServers, applicationId, List.of(Topics.raw(flow))) == 0
                && ConsumerLag.of(admin, bootstrapServers, "connect-" + connector, List.of(Topics.rows(staging))) == 0;
    }

    /** One {@code RENAME TABLE} for both names, so readers never find the table missing; or just a rename if it is. */
    private void swapIn(String staging, String table) throws Exception {
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
