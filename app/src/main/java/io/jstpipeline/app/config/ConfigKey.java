package io.jstpipeline.app.config;

import io.jstpipeline.app.MetricsEndpoint;
import io.jstpipeline.common.DatabaseTls;
import io.jstpipeline.common.qimen.QimenSigner;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.extractor.flow.FlowRunner;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.transformer.TransformerService;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One key of the configuration file (config/pipeline.example.yml): its dotted path, what its value must be,
 * its default and whether it is a secret. The environment variable overriding it follows from the path.
 */
enum ConfigKey {

    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap-servers", Type.TEXT, null),
    /** Standard Kafka client properties for every client ({@link KafkaClientProperties}). */
    KAFKA_CLIENT(KafkaClientProperties.PATH, Type.CLIENT_PROPERTIES, null),
    KAFKA_CLIENT_FILE("kafka.client-file", Type.TEXT, null),
    KAFKA_PARTITIONS("kafka.partitions", Type.POSITIVE, "3"),
    KAFKA_REPLICATION_FACTOR("kafka.replication-factor", Type.POSITIVE, "1"),
    KAFKA_TOMBSTONE_RETENTION("kafka.tombstone-retention", Type.DURATION, "P7D"),
    QIMEN_GATEWAY_URL("qimen.gateway-url", Type.HTTP_URL, null),
    QIMEN_APP_KEY("qimen.app-key", Type.TEXT, null),
    QIMEN_CUSTOMER_ID("qimen.customer-id", Type.TEXT, null),
    QIMEN_APP_SECRET("qimen.app-secret", Type.SECRET, null),
    QIMEN_APP_SECRET_FILE("qimen.app-secret-file", Type.TEXT, null),
    QIMEN_SIGN_METHOD("qimen.sign-method", Type.SIGN_METHOD, "md5"),
    QIMEN_RATE_LIMIT_PER_SECOND("qimen.rate-limit.per-second", Type.POSITIVE, "5"),
    QIMEN_RATE_LIMIT_PER_MINUTE("qimen.rate-limit.per-minute", Type.POSITIVE, "100"),
    EXTRACTOR_INSTANCE("extractor.instance", Type.TEXT, FlowRunner.DEFAULT_INSTANCE),
    EXTRACTOR_FLOWS("extractor.flows", Type.LIST, null),
    EXTRACTOR_SINCE("extractor.since", Type.DURATION, "P30D"),
    EXTRACTOR_READ_AHEAD("extractor.read-ahead", Type.DURATION, WindowPlanner.DEFAULT_READ_AHEAD.toString()),
    EXTRACTOR_FLOWS_FILE("extractor.flows-file", Type.TEXT, null),
    EXTRACTOR_PAGE_CONCURRENCY("extractor.page-concurrency", Type.PAGE_CONCURRENCY,
            Integer.toString(PagePool.DEFAULT_CONCURRENCY)),
    TRANSFORMER_APPLICATION_ID("transformer.application-id", Type.TEXT, TransformerService.DEFAULT_APPLICATION_ID),
    TRANSFORMER_STATE_DIR("transformer.state-dir", Type.TEXT,
            System.getProperty("java.io.tmpdir") + "/jst-transformer"),
    TRANSFORMER_MAPPINGS_FILE("transformer.mappings-file", Type.TEXT, null),
    CONNECT_URL("connect.url", Type.HTTP_URL, null),
    CONNECT_TASKS_MAX("connect.tasks-max", Type.POSITIVE, "1"),
    CONNECT_MYSQL_PASSWORD_REF("connect.mysql-password-ref", Type.PROVIDER_REFERENCE, SinkConnectors.WORKER_ENV_PASSWORD),
    CONNECT_USER("connect.user", Type.TEXT, null),
    CONNECT_PASSWORD("connect.password", Type.SECRET, null),
    CONNECT_PASSWORD_FILE("connect.password-file", Type.TEXT, null),
    CONNECT_TLS_CA_FILE("connect.tls-ca-file", Type.TEXT, null),
    MYSQL_URL("mysql.url", Type.JDBC_URL, null),
    MYSQL_USER("mysql.user", Type.TEXT, null),
    MYSQL_PASSWORD("mysql.password", Type.SECRET, null),
    MYSQL_PASSWORD_FILE("mysql.password-file", Type.TEXT, null),
    MYSQL_TLS("mysql.tls", Type.TLS_MODE, null),
    MYSQL_TLS_CA_FILE("mysql.tls-ca-file", Type.TEXT, null),
    METRICS_PORT("metrics.port", Type.PORT, "9404"),
    METRICS_HOST("metrics.host", Type.TEXT, MetricsEndpoint.DEFAULT_HOST),
    LOGGING_FORMAT("logging.format", Type.LOG_FORMAT, "text");

    /** What a value must look like; {@link #check} returns null or what is wrong, without echoing a secret. */
    enum Type {
        TEXT, SECRET, LIST, CLIENT_PROPERTIES, POSITIVE, PORT, PAGE_CONCURRENCY, DURATION, HTTP_URL, JDBC_URL,
        SIGN_METHOD, TLS_MODE, LOG_FORMAT, PROVIDER_REFERENCE;

        boolean wholeNumber() {
            return this == POSITIVE || this == PORT || this == PAGE_CONCURRENCY;
        }

        String check(String value) {
            switch (this) {
                case POSITIVE, PORT, PAGE_CONCURRENCY -> {
                    int number;
                    try {
                        number = Integer.parseInt(value.strip());
                    } catch (NumberFormatException e) {
                        return "must be a whole number, got \"" + value + "\"";
                    }
                    if (this == POSITIVE && number < 1) {
                        return "must be at least 1, got " + number;
                    }
                    if (this == PORT && (number < 0 || number > 65535)) {
                        return "must be a port from 0 to 65535, got " + number;
                    }
                    if (this == PAGE_CONCURRENCY && (number < 1 || number > PagePool.MAX_CONCURRENCY)) {
                        return "must be from 1 to " + PagePool.MAX_CONCURRENCY + ", got " + number;
                    }
                }
                case DURATION -> {
                    try {
                        if (Duration.parse(value.strip()).isNegative()) {
                            return "must not be negative, got " + value;
                        }
                    } catch (DateTimeParseException e) {
                        return "must be an ISO-8601 duration such as P30D or PT1H, got \"" + value + "\"";
                    }
                }
                case HTTP_URL -> {
                    try {
                        URI uri = new URI(value.strip());
                        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                                || uri.getHost() == null) {
                            return "must be an http:// or https:// URL with a host, got \"" + value + "\"";
                        }
                    } catch (java.net.URISyntaxException e) {
                        return "must be an http:// or https:// URL, got \"" + value + "\"";
                    }
                }
                case JDBC_URL -> {
                    if (!value.startsWith("jdbc:mysql://") && !value.startsWith("jdbc:mariadb://")) {
                        // The URL may carry a password: say what is wrong without repeating it.
                        return "must start with jdbc:mysql:// or jdbc:mariadb://";
                    }
                }
                case SIGN_METHOD -> {
                    try {
                        QimenSigner.Method.fromWireName(value.strip());
                    } catch (IllegalArgumentException e) {
                        return "must be md5, hmac or hmac-sha256, got \"" + value + "\"";
                    }
                }
                case PROVIDER_REFERENCE -> {
                    if (!SinkConnectors.isProviderReference(value.strip())) {
                        // It may be a password written where its reference belongs: say what is wrong without it.
                        return "must be a Connect config provider reference the workers resolve, such as "
                                + SinkConnectors.WORKER_ENV_PASSWORD + ", ${file:/path/secrets.properties:mysql.password} "
                                + "or ${directory:/run/secrets:mysql_password}: a literal password would sit in "
                                + "Connect's config topic, readable over its REST API";
                    }
                }
                case TLS_MODE -> {
                    try {
                        DatabaseTls.Mode.of(value);
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                }
                case LOG_FORMAT -> {
                    if (!List.of("text", "json").contains(value.strip())) {
                        return "must be text or json, got \"" + value + "\"";
                    }
                }
                default -> {
                }
            }
            return null;
        }
    }

    final String path;
    final Type type;
    final String defaultValue;

    ConfigKey(String path, Type type, String defaultValue) {
        this.path = path;
        this.type = type;
        this.defaultValue = defaultValue;
    }

    /** JST_ + the path upper-cased, dots and dashes as underscores. */
    String environmentVariable() {
        return "JST_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    boolean secret() {
        return type == Type.SECRET;
    }

    static ConfigKey byPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst().orElse(null);
    }

    /** The keys under a section such as {@code qimen}, for an error message about a key that is not one. */
    static List<String> pathsUnder(String section) {
        return Arrays.stream(values()).map(k -> k.path).filter(p -> p.startsWith(section + "."))
                .map(p -> p.substring(section.length() + 1)).toList();
    }

    static boolean isSection(String path) {
        return Arrays.stream(values()).anyMatch(k -> k.path.startsWith(path + "."));
    }
}
