package io.jstpipeline.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jstpipeline.common.DatabaseTls;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.qimen.QimenSigner;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.ops.TopicLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The effective configuration of the pipeline's services: the keys of config/pipeline.example.yml from one
 * YAML file, overridden by environment variables (JST_ + the key's path upper-cased, dots and dashes as
 * underscores), overridden in turn by command-line options. Every value is checked when loaded; a bad one
 * stops with an {@link IllegalArgumentException} of one line naming the key and where the value came from.
 * Secrets come from the environment (or an option) or from the file named by their {@code *-file} key,
 * never from the configuration file itself, and never appear in a message or in {@link #masked()}.
 */
public final class PipelineConfig {

    static final String MASK = "******";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A value given on the command line for a key, e.g. {@code --gateway-url} for qimen.gateway-url. */
    public record Override(String key, String value, String option) {

        public Override {
            if (ConfigKey.byPath(key) == null) {
                throw new IllegalStateException("no configuration key " + key);
            }
        }
    }

    /** A value and where it came from, for messages. */
    private record Value(String text, List<String> list, String source) {

        String from() {
            return source == null ? "" : " (from " + source + ")";
        }
    }

    private final Map<ConfigKey, Value> values;
    private final Map<String, KafkaClientProperties.Given> kafkaClientGiven;
    private final Map<String, String> kafkaClient;
    private final FlowCatalog catalog;
    private final Mappings mappings;

    private PipelineConfig(Map<ConfigKey, Value> values, KafkaClientProperties kafkaClient,
                           Map<String, String> environment, FlowCatalog catalog, Mappings mappings) {
        this.values = values;
        this.kafkaClientGiven = Map.copyOf(kafkaClient.given());
        this.kafkaClient = kafkaClient.resolved(environment);
        this.catalog = catalog;
        this.mappings = mappings;
    }

    /**
     * @param file        the YAML file, or null for the environment and options alone
     * @param environment the process environment (a map, so that tests need not set real variables)
     * @param overrides   values from command-line options, which win over both
     * @throws IllegalArgumentException one line naming the key at fault
     */
    public static PipelineConfig load(Path file, Map<String, String> environment, List<Override> overrides) {
        Map<ConfigKey, Value> values = new EnumMap<>(ConfigKey.class);
        JsonNode root = file == null ? null : readFile(file, values);
        for (ConfigKey key : ConfigKey.values()) {
            if (key.type == ConfigKey.Type.CLIENT_PROPERTIES) {
                continue; // one variable per property, read below
            }
            String fromEnvironment = environment.get(key.environmentVariable());
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                values.put(key, new Value(fromEnvironment, null, "environment variable " + key.environmentVariable()));
            }
        }
        for (Override given : overrides) {
            if (given.value() != null && !given.value().isBlank()) {
                values.put(ConfigKey.byPath(given.key()), new Value(given.value(), null, "option " + given.option()));
            }
        }
        for (Map.Entry<ConfigKey, Value> entry : values.entrySet()) {
            Value value = entry.getValue();
            for (String text : value.list() != null ? value.list() : List.of(value.text())) {
                String problem = entry.getKey().type.check(text);
                if (problem != null) {
                    throw new IllegalArgumentException(entry.getKey().path + " " + problem + value.from());
                }
            }
        }
        readSecret(values, ConfigKey.QIMEN_APP_SECRET, ConfigKey.QIMEN_APP_SECRET_FILE);
        readSecret(values, ConfigKey.MYSQL_PASSWORD, ConfigKey.MYSQL_PASSWORD_FILE);
        readSecret(values, ConfigKey.CONNECT_PASSWORD, ConfigKey.CONNECT_PASSWORD_FILE);
        if (values.containsKey(ConfigKey.CONNECT_PASSWORD) != values.containsKey(ConfigKey.CONNECT_USER)) {
            throw new IllegalArgumentException(values.containsKey(ConfigKey.CONNECT_USER)
                    ? "connect.user is set" + values.get(ConfigKey.CONNECT_USER).from() + " but not its password: give "
                            + "it in the environment variable " + ConfigKey.CONNECT_PASSWORD.environmentVariable()
                            + " or name a file holding it in connect.password-file"
                    : "connect.password is set" + values.get(ConfigKey.CONNECT_PASSWORD).from() + " but connect.user "
                            + "is not");
        }
        KafkaClientProperties kafkaClient = new KafkaClientProperties();
        Value clientFile = values.get(ConfigKey.KAFKA_CLIENT_FILE);
        if (clientFile != null) {
            kafkaClient.readFile(Path.of(clientFile.text()), ConfigKey.KAFKA_CLIENT_FILE.path + clientFile.from());
        }
        JsonNode clientSection = root == null ? null : root.path("kafka").get("client");
        if (clientSection != null && !clientSection.isNull()) {
            kafkaClient.readYaml(clientSection, file);
        }
        kafkaClient.readEnvironment(environment, ConfigKey.KAFKA_CLIENT_FILE.environmentVariable());
        FlowCatalog catalog = catalog(values.get(ConfigKey.EXTRACTOR_FLOWS_FILE));
        Value flows = values.get(ConfigKey.EXTRACTOR_FLOWS);
        if (flows != null) {
            for (String flow : list(flows)) {
                try {
                    catalog.flow(flow);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("extractor.flows: " + e.getMessage() + flows.from());
                }
            }
        }
        return new PipelineConfig(values, kafkaClient, environment, catalog,
                mappings(values.get(ConfigKey.TRANSFORMER_MAPPINGS_FILE)));
    }

    /**
     * The file's keys, flattened to their dotted paths; a key the schema does not know stops the load. Returns the
     * file's tree, for the sections read apart (kafka.client).
     */
    private static JsonNode readFile(Path file, Map<ConfigKey, Value> values) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the configuration file " + file + ": " + e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(file + " must be a mapping of sections such as kafka: and qimen:");
        }
        flatten(root, "", file, values);
        return root;
    }

    private static void flatten(JsonNode node, String prefix, Path file, Map<ConfigKey, Value> values) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix + field.getKey();
            JsonNode child = field.getValue();
            ConfigKey key = ConfigKey.byPath(path);
            if (key == null) {
                if (!ConfigKey.isSection(path)) {
                    String section = prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
                    throw new IllegalArgumentException("unknown key " + path + " in " + file + "; known keys"
                            + (section == null ? ": " + Arrays.stream(ConfigKey.values())
                                    .map(k -> k.path.substring(0, k.path.indexOf('.'))).distinct().toList()
                                    : " under " + section + ": " + ConfigKey.pathsUnder(section)));
                }
                if (!child.isObject() && !child.isNull()) {
                    throw new IllegalArgumentException(path + " must be a section of keys " + ConfigKey.pathsUnder(path)
                            + " (in " + file + ")");
                }
                flatten(child, path + ".", file, values);
            } else if (key.secret()) {
                // A secret written into a file that is copied around and checked in is no longer one.
                throw new IllegalArgumentException(path + " must not be written in " + file + ": give it in the "
                        + "environment variable " + key.environmentVariable() + " or name a file holding it in "
                        + path + "-file");
            } else if (child.isNull() || key.type == ConfigKey.Type.CLIENT_PROPERTIES) {
                // "key:" with nothing after it: not given; kafka.client is read apart, after kafka.client-file.
            } else if (child.isArray() && key.type == ConfigKey.Type.LIST) {
                List<String> items = new ArrayList<>();
                child.forEach(item -> items.add(item.asText()));
                values.put(key, new Value(null, items, file.toString()));
            } else if (child.isValueNode()) {
                if (!child.asText().isBlank()) {
                    values.put(key, new Value(child.asText(), null, file.toString()));
                }
            } else {
                throw new IllegalArgumentException(path + " must be a single value, not a "
                        + (child.isArray() ? "list" : "section") + " (in " + file + ")");
            }
        }
    }

    /** The secret's file, when named, wins: it is the more deliberate choice of the two. */
    private static void readSecret(Map<ConfigKey, Value> values, ConfigKey secret, ConfigKey fileKey) {
        Value file = values.get(fileKey);
        if (file == null) {
            return;
        }
        String content;
        try {
            content = Files.readString(Path.of(file.text()), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(fileKey.path + ": cannot read " + file.text() + file.from());
        }
        if (content.isEmpty()) {
            throw new IllegalArgumentException(fileKey.path + ": " + file.text() + " is empty" + file.from());
        }
        values.put(secret, new Value(content, null, file.text()));
    }

    private static FlowCatalog catalog(Value flowsFile) {
        return fromFile(ConfigKey.EXTRACTOR_FLOWS_FILE, flowsFile, FlowCatalog::load, FlowCatalog::builtIn);
    }

    private static Mappings mappings(Value mappingsFile) {
        return fromFile(ConfigKey.TRANSFORMER_MAPPINGS_FILE, mappingsFile, Mappings::load, Mappings::builtIn);
    }

    /** What the file named by {@code key} declares, or the built-in declarations when it names none. */
    private static <T> T fromFile(ConfigKey key, Value file, Function<Path, T> load, Supplier<T> builtIn) {
        if (file == null) {
            return builtIn.get();
        }
        try {
            return load.apply(Path.of(file.text()));
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(key.path + ": cannot read " + file.text() + file.from());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key.path + ": " + firstLine(e.getMessage()) + file.from());
        }
    }

    private static List<String> list(Value value) {
        if (value.list() != null) {
            return value.list();
        }
        return Arrays.stream(value.text().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    // ---- the typed accessors the services take ----

    public String bootstrapServers() {
        return required(ConfigKey.KAFKA_BOOTSTRAP_SERVERS);
    }

    /** The cluster as every Kafka client of the pipeline reaches it: the bootstrap servers and kafka.client. */
    public KafkaConnection kafka() {
        return new KafkaConnection(bootstrapServers(), kafkaClient);
    }

    public int partitions() {
        return number(ConfigKey.KAFKA_PARTITIONS);
    }

    public short replicationFactor() {
        int factor = number(ConfigKey.KAFKA_REPLICATION_FACTOR);
        if (factor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("kafka.replication-factor must be at most " + Short.MAX_VALUE
                    + values.get(ConfigKey.KAFKA_REPLICATION_FACTOR).from());
        }
        return (short) factor;
    }

    /** The topics' partitions and replication factor, as every service lays them out. */
    public TopicLayout topicLayout() {
        return new TopicLayout(partitions(), replicationFactor(),
                Duration.parse(text(ConfigKey.KAFKA_TOMBSTONE_RETENTION).strip()));
    }

    /**
     * The sink connectors' configurations, their dead-letter topics at the configured replication factor and the
     * MySQL password a reference the workers resolve (connect.mysql-password-ref).
     */
    public SinkConnectors sinkConnectors() {
        return new SinkConnectors(replicationFactor(), text(ConfigKey.CONNECT_MYSQL_PASSWORD_REF).strip());
    }

    /** @throws IllegalArgumentException naming the first of gateway URL, app key, customer id and secret missing */
    public QimenCredentials credentials() {
        return new QimenCredentials(gatewayUrl(), required(ConfigKey.QIMEN_APP_KEY),
                required(ConfigKey.QIMEN_APP_SECRET), required(ConfigKey.QIMEN_CUSTOMER_ID));
    }

    public String gatewayUrl() {
        return required(ConfigKey.QIMEN_GATEWAY_URL);
    }

    public QimenSigner.Method signMethod() {
        return QimenSigner.Method.fromWireName(text(ConfigKey.QIMEN_SIGN_METHOD));
    }

    /** qimen.rate-limit.*: the calls the merchant may make per second and per minute. */
    public CallLimits callLimits() {
        return new CallLimits(List.of(
                new CallLimits.CallLimit(number(ConfigKey.QIMEN_RATE_LIMIT_PER_SECOND), Duration.ofSeconds(1)),
                new CallLimits.CallLimit(number(ConfigKey.QIMEN_RATE_LIMIT_PER_MINUTE), Duration.ofMinutes(1))));
    }

    /** The flows of extractor.flows-file (or the built-in ones). */
    public FlowCatalog flowCatalog() {
        return catalog;
    }

    /** extractor.flows, or every flow of the catalog when not given. */
    public List<FlowDefinition> flows() {
        Value flows = values.get(ConfigKey.EXTRACTOR_FLOWS);
        return flows == null ? catalog.flows() : list(flows).stream().map(catalog::flow).toList();
    }

    public Duration since() {
        return Duration.parse(text(ConfigKey.EXTRACTOR_SINCE).strip());
    }

    public String instance() {
        return text(ConfigKey.EXTRACTOR_INSTANCE);
    }

    /** extractor.read-ahead: how far past now an incremental run reads, for documents stamped ahead of the clock. */
    public Duration readAhead() {
        return Duration.parse(text(ConfigKey.EXTRACTOR_READ_AHEAD).strip());
    }

    /** extractor.page-concurrency: how many pages of a window the extractor asks for at once. */
    public int pageConcurrency() {
        return number(ConfigKey.EXTRACTOR_PAGE_CONCURRENCY);
    }

    public Mappings mappings() {
        return mappings;
    }

    public String transformerApplicationId() {
        return text(ConfigKey.TRANSFORMER_APPLICATION_ID);
    }

    public Path transformerStateDir() {
        return Path.of(text(ConfigKey.TRANSFORMER_STATE_DIR));
    }

    /** Whether mysql.url is given: some commands only write to the database when it is. */
    public boolean hasDatabase() {
        return values.containsKey(ConfigKey.MYSQL_URL);
    }

    /** mysql.url with any password in it masked, for messages. */
    public String databaseUrl() {
        return new DatabaseTarget(required(ConfigKey.MYSQL_URL), null, null).redactedUrl();
    }

    /** @throws IllegalArgumentException naming mysql.url or mysql.user when missing: root is no default */
    public DatabaseTarget database() {
        Value password = values.get(ConfigKey.MYSQL_PASSWORD);
        return new DatabaseTarget(required(ConfigKey.MYSQL_URL), required(ConfigKey.MYSQL_USER),
                password == null ? "" : password.text(), databaseTls());
    }

    /** mysql.tls and mysql.tls-ca-file, the CA file read now rather than at the first connection. */
    private DatabaseTls databaseTls() {
        Value mode = values.get(ConfigKey.MYSQL_TLS);
        Value caFile = values.get(ConfigKey.MYSQL_TLS_CA_FILE);
        if (caFile != null && !Files.isReadable(Path.of(caFile.text()))) {
            throw new IllegalArgumentException(ConfigKey.MYSQL_TLS_CA_FILE.path + ": cannot read " + caFile.text()
                    + caFile.from());
        }
        try {
            return new DatabaseTls(mode == null ? null : DatabaseTls.Mode.of(mode.text()),
                    caFile == null ? null : Path.of(caFile.text()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigKey.MYSQL_TLS_CA_FILE.path + ": " + e.getMessage()
                    + " (set " + ConfigKey.MYSQL_TLS.path + " to verify-ca or verify-identity)" + caFile.from());
        }
    }

    public boolean hasConnect() {
        return values.containsKey(ConfigKey.CONNECT_URL);
    }

    public String connectUrl() {
        return required(ConfigKey.CONNECT_URL);
    }

    /**
     * The REST client of connect.url, with connect.user's basic-authentication credentials when given, and
     * trusting the CAs of connect.tls-ca-file when given.
     */
    public ConnectRestClient connectRest() {
        Value caFile = values.get(ConfigKey.CONNECT_TLS_CA_FILE);
        try {
            return new ConnectRestClient(connectUrl(), new ConnectRestClient.Access(text(ConfigKey.CONNECT_USER),
                    text(ConfigKey.CONNECT_PASSWORD), caFile == null ? null : Path.of(caFile.text())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("connect.tls-ca-file: " + e.getMessage()
                    + (caFile == null ? "" : caFile.from()));
        }
    }

    public int tasksMax() {
        return number(ConfigKey.CONNECT_TASKS_MAX);
    }

    /** metrics.port: where /metrics, /health and /ready are served; 0 turns them off. */
    public int metricsPort() {
        return number(ConfigKey.METRICS_PORT);
    }

    /** metrics.host: the address they are served on; the loopback address unless told otherwise. */
    public String metricsHost() {
        return text(ConfigKey.METRICS_HOST).strip();
    }

    public LogFormat loggingFormat() {
        return LogFormat.valueOf(text(ConfigKey.LOGGING_FORMAT).strip().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The effective configuration as YAML, every key with its value (defaults included) and where it came
     * from; secrets as {@value #MASK} and JDBC URLs with any password in them masked.
     */
    public String masked() {
        StringBuilder yaml = new StringBuilder();
        List<String> openSections = List.of();
        for (ConfigKey key : ConfigKey.values()) {
            List<String> path = List.of(key.path.split("\\."));
            List<String> sections = path.subList(0, path.size() - 1);
            int common = 0;
            while (common < Math.min(sections.size(), openSections.size())
                    && sections.get(common).equals(openSections.get(common))) {
                common++;
            }
            for (int depth = common; depth < sections.size(); depth++) {
                yaml.append("  ".repeat(depth)).append(sections.get(depth)).append(":\n");
            }
            openSections = sections;
            if (key.type == ConfigKey.Type.CLIENT_PROPERTIES) {
                renderKafkaClient(yaml, "  ".repeat(sections.size()) + path.get(path.size() - 1) + ":");
                continue;
            }
            Value value = values.get(key);
            yaml.append("  ".repeat(sections.size())).append(path.get(path.size() - 1)).append(": ")
                    .append(rendered(key, value));
            yaml.append(value == null ? (key.defaultValue == null ? "  # not set" : "  # default")
                    : "  # from " + value.source()).append('\n');
        }
        return yaml.toString();
    }

    /** kafka.client's properties, each with where it came from; a secret's value as {@value #MASK}. */
    private void renderKafkaClient(StringBuilder yaml, String line) {
        if (kafkaClientGiven.isEmpty()) {
            yaml.append(line).append(" {}  # not set\n");
            return;
        }
        yaml.append(line).append('\n');
        String indent = " ".repeat(line.length() - line.stripLeading().length() + 2);
        new TreeMap<>(kafkaClientGiven).forEach((name, given) -> yaml.append(indent).append(name).append(": ")
                .append(KafkaConnection.sensitive(name) ? MASK : quoted(ConfigKey.KAFKA_CLIENT, given.value()))
                .append("  # from ").append(given.source()).append('\n'));
    }

    private static String rendered(ConfigKey key, Value value) {
        if (value == null) {
            return key.defaultValue == null ? "null" : quoted(key, key.defaultValue);
        }
        if (key.secret()) {
            return MASK;
        }
        if (key.type == ConfigKey.Type.LIST) {
            return list(value).stream().map(s -> quoted(key, s)).collect(Collectors.joining(", ", "[", "]"));
        }
        if (key.type == ConfigKey.Type.JDBC_URL) {
            return quoted(key, new DatabaseTarget(value.text(), null, null).redactedUrl());
        }
        return quoted(key, value.text());
    }

    private static String quoted(ConfigKey key, String text) {
        if (key.type.wholeNumber()) {
            return text.strip();
        }
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String text(ConfigKey key) {
        Value value = values.get(key);
        return value != null ? value.text() : key.defaultValue;
    }

    private int number(ConfigKey key) {
        return Integer.parseInt(text(key).strip());
    }

    private String required(ConfigKey key) {
        String text = text(key);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(key.path + " is not set: give it in "
                    + (key.secret() ? "the environment variable " + key.environmentVariable() + " or name a file "
                            + "holding it in " + key.path + "-file"
                            : "the configuration file (--config) or the environment variable " + key.environmentVariable()));
        }
        return text;
    }

    private static String firstLine(String message) {
        String text = Objects.requireNonNullElse(message, "");
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
