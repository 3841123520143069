package io.jstpipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.KafkaConnection;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;

/**
 * {@code kafka.client} and {@code kafka.client-file}: the standard Kafka client properties (security.protocol,
 * sasl.*, ssl.*, …) every client of the pipeline is given. The file (a client properties file, as the Kafka tools'
 * {@code --command-config} takes) is read first, the configuration file's {@code kafka.client} entries over it, and
 * {@code JST_KAFKA_CLIENT_<NAME>} environment variables (the name upper-cased, dots as underscores) over both.
 * <p>
 * Secrets are written as Kafka's config providers read them, {@code ${env:NAME}} or {@code ${file:/path:key}}; unless
 * the properties declare {@code config.providers} themselves (then the clients resolve every reference), those two
 * are resolved here, with Kafka's own providers, so that a variable not set or a file not there stops start-up
 * naming the property rather than failing a login later.
 */
final class KafkaClientProperties {

    static final String PATH = "kafka.client";
    static final String ENVIRONMENT_PREFIX = "JST_KAFKA_CLIENT_";
    /** Kafka's variable syntax: {@code ${provider:[path:]key}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*?):(([^}]*?):)?([^}]*?)}");
    private static final Set<String> CLIENT_PROPERTIES = clientProperties();

    /** A property's value as given, its secret references unresolved, and where it came from. */
    record Given(String value, String source) {
    }

    private final Map<String, Given> given = new TreeMap<>();

    /** A standard client properties file: it may hold secrets, like mysql.password-file. */
    void readFile(Path file, String fileKey) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(fileKey + ": cannot read " + file);
        }
        properties.stringPropertyNames().forEach(name -> put(name, properties.getProperty(name), file.toString()));
    }

    /** The {@code kafka.client} mapping of the configuration file, where a secret must be a reference. */
    void readYaml(JsonNode section, Path file) {
        if (!section.isObject()) {
            throw new IllegalArgumentException(PATH + " must be a mapping of Kafka client properties such as "
                    + "security.protocol: SASL_SSL (in " + file + ")");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = section.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new IllegalArgumentException(PATH + "." + name + " must be a single value (in " + file + ")");
            }
            String value = field.getValue().asText();
            if (KafkaConnection.sensitive(name) && !REFERENCE.matcher(value).find()) {
                // A secret written into a file that is copied around and checked in is no longer one.
                throw new IllegalArgumentException(PATH + "." + name + " must not hold a secret in " + file
                        + ": write ${env:NAME} or ${file:/path:key} where it goes, or give the property in "
                        + environmentVariable(name) + " or in kafka.client-file");
            }
            put(name, value, file.toString());
        }
    }

    /** {@code JST_KAFKA_CLIENT_SASL_JAAS_CONFIG} gives sasl.jaas.config; {@code fileVariable} is the file's own. */
    void readEnvironment(Map<String, String> environment, String fileVariable) {
        environment.forEach((variable, value) -> {
            if (variable.startsWith(ENVIRONMENT_PREFIX) && !variable.equals(fileVariable) && !value.isBlank()) {
                String name = variable.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                put(name, value, "environment variable " + variable);
            }
        });
    }

    static String environmentVariable(String property) {
        return ENVIRONMENT_PREFIX + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private void put(String name, String value, String source) {
        String from = " (from " + source + ")";
        if (name.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException(PATH + "." + name + " is not taken: give the servers in "
                    + "kafka.bootstrap-servers" + from);
        }
        if (!CLIENT_PROPERTIES.contains(name) && !name.startsWith(AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".")) {
            throw new IllegalArgumentException(PATH + "." + name + " is not a Kafka producer, consumer or admin "
                    + "client property" + from);
        }
        given.put(name, new Given(value, source));
    }

    Map<String, Given> given() {
        return given;
    }

    /**
     * The properties the clients get: {@code ${env:…}} and {@code ${file:…}} resolved against {@code environment}
     * and the files, unless {@code config.providers} is declared.
     *
     * @throws IllegalArgumentException naming the property whose reference cannot be resolved, never its value
     */
    Map<String, String> resolved(Map<String, String> environment) {
        Map<String, String> values = new TreeMap<>();
        given.forEach((name, value) -> values.put(name, value.value()));
        if (values.containsKey(AbstractConfig.CONFIG_PROVIDERS_CONFIG)) {
            return values;
        }
        EnvVarConfigProvider env = new EnvVarConfigProvider(environment);
        env.configure(Map.of());
        FileConfigProvider file = new FileConfigProvider();
        file.configure(Map.of());
        Map<String, ConfigProvider> providers = Map.of("env", env, "file", file);
        Map<String, String> resolved = new TreeMap<>();
        values.forEach((name, value) -> {
            String from = " (from " + given.get(name).source() + ")";
            String result;
            try {
                result = new ConfigTransformer(providers).transform(Map.of(name, value)).data().get(name);
            } catch (ConfigException e) {
                throw new IllegalArgumentException(PATH + "." + name + ": " + e.getMessage() + from);
            }
            Matcher left = REFERENCE.matcher(result);
            if (left.find()) {
                String reference = left.group();
                throw new IllegalArgumentException(PATH + "." + name + ": " + reference + (switch (left.group(1)) {
                    case "env" -> " names an environment variable that is not set";
                    case "file" -> " names a key its file does not have";
                    default -> " names a config provider other than env and file: declare it in config.providers";
                }) + from);
            }
            resolved.put(name, result);
        });
        return resolved;
    }

    private static Set<String> clientProperties() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
