package io.jstpipeline.ops;

import io.jstpipeline.common.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The pipeline's topics, what each one's role needs, and who lays it out: every service creates the topics it
 * writes (and checks them) before it starts, so that no topic is left to a broker's defaults (delete policy, 7 days
 * of retention), which would silently lose the extractor's cursors and the replay source after a week.
 */
public final class TopicLayout {

    /** Partitions of every topic when none are configured ({@code kafka.partitions}). */
    public static final int DEFAULT_PARTITIONS = 3;
    /**
     * How long a row topic keeps a delete when none is configured ({@code kafka.tombstone-retention}): the
     * broker's default of a day would let a sink away for longer miss it and keep the row.
     */
    public static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofDays(7);

    /** What a topic is for, and the settings that follow from it. */
    public enum Role {
        /**
         * The documents as the API sent them: the source of every replay, kept for ever and never compacted,
         * because several outbound notes share one {@code o_id} key and compaction would keep only the last.
         */
        RAW("the replay source: kept for ever, never compacted", Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1"), true),
        /** The extractor's cursors: the latest per key is all that matters, and it must never age out. */
        STATE("the extractor's cursors: the latest per key, never aged out", Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), false),
        /**
         * One record per row id: compaction keeps each row's current state for new consumers, and a delete (a
         * tombstone) for {@code kafka.tombstone-retention}, so that a consumer away for less sees it.
         */
        ROWS("the rows' current state for every consumer: compacted by row id, deletes kept as long as consumers may "
                + "be away", Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), true),
        /** What a stage could not handle, kept until someone acts on it. */
        DEAD_LETTERS("dead letters, kept until someone acts on them", Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1"), false),
        /** Which dead letters were replayed: the latest per dead letter, never aged out. */
        REPLAY_LEDGER("which dead letters were replayed, so that none is replayed twice: the latest per dead "
                + "letter, never aged out", Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                false),
        /** The services' reports of themselves: the latest per process is all that matters. */
        SERVICE_REPORTS("the services' reports of themselves: the latest per process", Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), false),
        /**
         * Values cleaned (NULL, cut) to keep their rows: a look at what the source sends, which a source that
         * always sends zero dates fills steadily, so kept a month rather than for ever.
         */
        CLEANED_VALUES("values cleaned to keep their rows, kept 30 days", Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis())), false);

        private final String purpose;
        private final Map<String, String> settings;
        private final boolean partitioned;

        Role(String purpose, Map<String, String> settings, boolean partitioned) {
            this.purpose = purpose;
            this.settings = settings;
            this.partitioned = partitioned;
        }
    }

    /** One topic of the layout. */
    public record Topic(String name, Role role, int partitions) {
    }

    /** A topic that exists with a setting its role does not allow, and how to fix it. */
    public record Problem(String topic, String setting, String actual, String required, String purpose, String fix) {
        /** One line: the topic, the setting, its value, what it must be and the command that fixes it. */
        public String line() {
            return "topic " + topic + " has " + setting + "=" + actual + " but must have " + required + " (" + purpose
                    + "); fix: " + fix;
        }
    }

    private static final String PARTITIONS = "partitions";
    private static final String REPLICATION_FACTOR = "replication factor";
    /** Problems of how a topic is laid out on the brokers, which no topic configuration mends. */
    private static final Set<String> LAID_OUT_SETTINGS = Set.of(PARTITIONS, REPLICATION_FACTOR);

    private final int partitions;
    private final short replicationFactor;
    private final Duration tombstoneRetention;

    public TopicLayout(int partitions, short replicationFactor) {
        this(partitions, replicationFactor, DEFAULT_TOMBSTONE_RETENTION);
    }

    public TopicLayout(int partitions, short replicationFactor, Duration tombstoneRetention) {
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.tombstoneRetention = tombstoneRetention;
    }

    public int partitions() {
        return partitions;
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    /** What the extractor writes: its state topic, the raw topic of each flow and its dead-letter topic. */
    public List<Topic> extractorTopics(Collection<String> flows) {
        List<Topic> topics = new ArrayList<>(List.of(new Topic(Topics.EXTRACTOR_STATE, Role.STATE, 1)));
        topics.addAll(rawTopics(flows));
        topics.add(new Topic(Topics.EXTRACT_DLQ, Role.DEAD_LETTERS, 1));
        return topics;
    }

    /** The raw topic of each flow: what the extractor writes and the transformer reads. */
    public List<Topic> rawTopics(Collection<String> flows) {
        return flows.stream().map(flow -> new Topic(Topics.raw(flow), Role.RAW, partitions)).toList();
    }

    /** What the transformer writes: the row topic of each table, its dead-letter topic and its cleaned values. */
    public List<Topic> transformerTopics(Collection<String> tables) {
        List<Topic> topics = new ArrayList<>();
        tables.forEach(table -> topics.add(new Topic(Topics.rows(table), Role.ROWS, partitions)));
        topics.add(new Topic(Topics.TRANSFORM_DLQ, Role.DEAD_LETTERS, 1));
        topics.add(new Topic(Topics.TRANSFORM_CLEANED, Role.CLEANED_VALUES, 1));
        return topics;
    }

    /** What the sink connectors write: the dead-letter topic of each connector's table. */
    public List<Topic> sinkTopics(Collection<String> tables) {
        return tables.stream().map(table -> new Topic(Topics.sinkDlq(table), Role.DEAD_LETTERS, 1)).toList();
    }

    /** What {@code dlq replay} writes besides the records it replays: its ledger. */
    public List<Topic> replayTopics() {
        return List.of(new Topic(Topics.DLQ_REPLAYED, Role.REPLAY_LEDGER, 1));
    }

    /** What every service process writes besides its work: its reports of itself. */
    public List<Topic> serviceTopics() {
        return List.of(new Topic(Topics.SERVICES, Role.SERVICE_REPORTS, 1));
    }

    /** Every topic of the pipeline. */
    public List<Topic> all(Collection<String> flows, Collection<String> tables) {
        return Stream.of(extractorTopics(flows), transformerTopics(tables), sinkTopics(tables), replayTopics(),
                serviceTopics()).flatMap(List::stream).toList();
    }

    /**
     * Creates the topics that do not exist yet, with their role's settings and the configured replication factor;
     * one that another instance creates meanwhile is left as it is. Returns the names created.
     */
    public List<String> create(Admin admin, List<Topic> topics) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<String> created = new ArrayList<>();
        for (Topic topic : topics) {
            if (existing.contains(topic.name())) {
                continue;
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), replicationFactor)
                        .configs(settings(topic.role())))).all().get();
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    /** What is wrong with the existing topics among {@code topics} (a missing one is not checked). */
    public List<Problem> check(Admin admin, List<Topic> topics, String bootstrapServers)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<Topic> present = topics.stream().filter(t -> existing.contains(t.name())).toList();
        if (present.isEmpty()) {
            return List.of();
        }
        List<ConfigResource> resources = present.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        Map<String, TopicDescription> descriptions = admin.describeTopics(present.stream().map(Topic::name).toList())
                .allTopicNames().get();
        List<Problem> problems = new ArrayList<>();
        for (Topic topic : present) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
            settings(topic.role()).entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(required -> {
                        ConfigEntry entry = config.get(required.getKey());
                        String actual = entry == null ? "(unset)" : entry.value();
                        if (!required.getValue().equals(actual)) {
                            problems.add(new Problem(topic.name(), required.getKey(), actual, required.getValue(),
                                    topic.role().purpose, "jst-pipeline topics apply, or kafka-configs.sh "
                                    + "--bootstrap-server " + bootstrapServers + " --alter --entity-type topics "
                                    + "--entity-name " + topic.name() + " --add-config " + required.getKey() + "="
                                    + required.getValue()));
                        }
                    });
            int replicas = descriptions.get(topic.name()).partitions().get(0).replicas().size();
            if (replicas < replicationFactor) {
                problems.add(new Problem(topic.name(), REPLICATION_FACTOR, Integer.toString(replicas),
                        "at least " + replicationFactor + " (kafka.replication-factor)",
                        "a broker lost must not lose its records",
                        "lower kafka.replication-factor to " + replicas + ", or kafka-reassign-partitions.sh "
                                + "--bootstrap-server " + bootstrapServers + " with a plan giving each partition of "
                                + topic.name() + " " + replicationFactor + " replicas"));
            }
            int actualPartitions = descriptions.get(topic.name()).partitions().size();
            if (topic.role().partitioned && actualPartitions < topic.partitions()) {
                problems.add(new Problem(topic.name(), PARTITIONS, Integer.toString(actualPartitions),
                        "at least " + topic.partitions() + " (kafka.partitions)",
                        "at most one transformer instance or sink task works per partition",
                        "lower kafka.partitions to " + actualPartitions + ", or kafka-topics.sh --bootstrap-server "
                                + bootstrapServers + " --alter --topic " + topic.name() + " --partitions "
                                + topic.partitions() + " before any data arrives (a key's records already there stay "
                                + "on its old partition)"));
            }
        }
        return problems;
    }

    /** What a topic of {@code role} must be set to. */
    private Map<String, String> settings(Role role) {
        if (role != Role.ROWS) {
            return role.settings;
        }
        Map<String, String> settings = new HashMap<>(role.settings);
        settings.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(tombstoneRetention.toMillis()));
        return settings;
    }

    /**
     * Sets what the roles need on existing topics whose settings differ (what {@code topics apply} does beyond
     * creating); partitions and replicas are only reported: adding partitions moves keys, adding replicas needs a
     * reassignment plan. Returns the problems left.
     */
    public List<Problem> repair(Admin admin, List<Topic> topics, String bootstrapServers)
            throws ExecutionException, InterruptedException {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (Problem problem : check(admin, topics, bootstrapServers)) {
            if (!LAID_OUT_SETTINGS.contains(problem.setting())) {
                changes.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, problem.topic()),
                        r -> new ArrayList<>()).add(new AlterConfigOp(new ConfigEntry(problem.setting(),
                        problem.required()), AlterConfigOp.OpType.SET));
            }
        }
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get();
        }
        return check(admin, topics, bootstrapServers);
    }

    /**
     * What a service does before it starts: creates what is missing and stops, with one line per topic at fault,
     * when an existing topic is wrong for its role.
     *
     * @throws TopicMismatchException naming the topic, the setting, its value, what it must be and the fix
     */
    public void ensure(Admin admin, List<Topic> topics, String bootstrapServers)
            throws ExecutionException, InterruptedException {
        create(admin, topics);
        List<Problem> problems = check(admin, topics, bootstrapServers);
        if (!problems.isEmpty()) {
            throw new TopicMismatchException(problems);
        }
    }

    /** Existing topics that a service cannot safely use as they are. */
    public static final class TopicMismatchException extends IllegalStateException {
        private final List<Problem> problems;

        TopicMismatchException(List<Problem> problems) {
            super(String.join("\n", problems.stream().map(Problem::line).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }
}
