package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The deployment files cannot be run here (no Docker engine), so this checks what {@code docker compose up} would
 * trip over: services and images, build files, mounted files, ports, the JST_* names against the configuration
 * keys, Prometheus's targets, the Connect image's plugin directory and the connectors' environment.
 */
class DeploymentFilesTest {

    /** Tests run in app/. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String COMPOSE_FILE = "docker-compose.yml";
    private static final String EXAMPLE_CONFIG = "config/pipeline.example.yml";
    private static final String SINK_PLUGIN_POM = "jdbc-sink/pom.xml";
    private static final String CONNECTORS_DIR = "connect-config/src/main/resources/connectors";
    /** The images of deploy/app.Dockerfile: the service runtime, and the full runtime the sandbox needs. */
    private static final String SERVICE_IMAGE = "jst-pipeline:";
    private static final String FULL_IMAGE = "jst-pipeline-full:";
    /** Environment names beyond the keys of the example file: its commented-out secrets and the two command options. */
    private static final Set<String> EXTRA_JST_NAMES =
            Set.of("JST_QIMEN_APP_SECRET", "JST_MYSQL_PASSWORD", "JST_CONFIG", "JST_METRICS_PORT");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}");
    /** Where compose publishes a port unless the user's JST_BIND_ADDRESS says otherwise: this machine only. */
    private static final String BIND_ADDRESS = "${JST_BIND_ADDRESS:-127.0.0.1}";
    /** A short-syntax ports entry: [host address:]published:target[/protocol]. */
    private static final Pattern PORT_ENTRY =
            Pattern.compile("(?:(\\$\\{[^}]+}|[^:]+):)?([0-9-]+):([0-9]+)(?:/(?:tcp|udp))?");
    /** A compose variable with a default ({@code ${NAME:-value}} or {@code ${NAME-value}}). */
    private static final Pattern DEFAULTED_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+):?-");
    /** A compose variable the file requires ({@code ${NAME:?message}}). */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+):\\?([^}]*)}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET).*");
    private static final String GENERATE_ENV = "deploy/generate-env";
    /** {@code -javaagent:…/jmx_prometheus_javaagent.jar=[host:]port:rules.yml}. */
    private static final Pattern JMX_AGENT_PORT = Pattern.compile("jmx_prometheus_javaagent\\.jar=(?:[^:]+:)?(\\d+):");

    private final JsonNode compose = yaml(COMPOSE_FILE);
    private final JsonNode services = compose.path("services");

    @Test
    void theServicesOfThePipelineAreThereWithTheirImages() {
        assertThat(fieldNames(services)).as("services of %s", COMPOSE_FILE).contains(
                "kafka", "connect", "mysql", "sandbox", "topics", "connectors", "extractor", "transformer", "prometheus",
                "alertmanager", "mysqld-exporter", "grafana");
        // The broker is apache/kafka with the JMX exporter's agent: the broker stage of the Connect image's build.
        assertThat(services.path("kafka").path("build").path("dockerfile").asText())
                .as("%s: dockerfile of kafka", COMPOSE_FILE).isEqualTo("deploy/connect.Dockerfile");
        assertThat(read(ROOT.resolve("deploy/connect.Dockerfile"))).contains("FROM apache/kafka:4.3.1 AS "
                + services.path("kafka").path("build").path("target").asText() + "\n");
        assertThat(image("grafana")).as("%s: image of grafana", COMPOSE_FILE).startsWith("grafana/grafana:");
        assertThat(image("mysql")).as("%s: image of mysql", COMPOSE_FILE).isEqualTo("mysql:8.4");
        assertThat(image("prometheus")).as("%s: image of prometheus", COMPOSE_FILE).startsWith("prom/prometheus:");
        assertThat(image("alertmanager")).as("%s: image of alertmanager", COMPOSE_FILE)
                .startsWith("prom/alertmanager:");
        assertThat(image("mysqld-exporter")).as("%s: image of mysqld-exporter", COMPOSE_FILE)
                .startsWith("prom/mysqld-exporter:");
        assertThat(services.path("connect").path("build").path("dockerfile").asText())
                .as("%s: dockerfile of connect", COMPOSE_FILE).isEqualTo("deploy/connect.Dockerfile");
        Map<String, String> commands = Map.of("sandbox", "sandbox", "topics", "topics apply",
                "connectors", "connectors apply", "extractor", "extract", "transformer", "transform");
        commands.forEach((service, command) -> {
            // The services run the service runtime; only the sandbox needs the full one.
            boolean full = service.equals("sandbox");
            assertThat(image(service)).as("%s: image of %s", COMPOSE_FILE, service)
                    .startsWith(full ? FULL_IMAGE : SERVICE_IMAGE);
            assertThat(services.path(service).path("build").path("target").asText())
                    .as("%s: build target of %s", COMPOSE_FILE, service).isEqualTo(full ? "full" : "service");
            assertThat(String.join(" ", command(service))).as("%s: command of %s", COMPOSE_FILE, service)
                    .startsWith(command);
        });
    }

    @Test
    void everyDependencyIsAServiceAndEveryHealthyConditionHasAHealthcheck() {
        Set<String> conditions = Set.of("service_started", "service_healthy", "service_completed_successfully");
        forEachService((name, service) -> dependencies(service).forEach((dependency, condition) -> {
            assertThat(services.has(dependency))
                    .as("%s: service %s depends on %s, which is not a service", COMPOSE_FILE, name, dependency).isTrue();
            assertThat(conditions).as("%s: condition of %s on %s", COMPOSE_FILE, name, dependency).contains(condition);
            if (condition.equals("service_healthy")) {
                assertThat(services.path(dependency).has("healthcheck")).as("%s: %s waits for %s to be healthy, "
                        + "but %s has no healthcheck", COMPOSE_FILE, name, dependency, dependency).isTrue();
            }
        }));
    }

    @Test
    void everyBuildContextAndDockerfileExistsAndSoDoesWhatTheyCopy() {
        forEachService((name, service) -> {
            if (!service.has("build")) {
                return;
            }
            Path context = ROOT.resolve(service.path("build").path("context").asText("."));
            assertThat(context).as("%s: build context of %s", COMPOSE_FILE, name).isDirectory();
            Path dockerfile = context.resolve(service.path("build").path("dockerfile").asText("Dockerfile"));
            assertThat(dockerfile).as("%s: dockerfile of %s", COMPOSE_FILE, name).isRegularFile();
            for (Copy copy : copies(dockerfile)) {
                if (copy.fromStage() == null) {
                    assertThat(context.resolve(copy.source()))
                            .as("%s copies %s, which is not in its build context", ROOT.relativize(dockerfile), copy.source())
                            .exists();
                }
            }
        });
    }

    @Test
    void everyMountedHostPathExistsAndEveryNamedVolumeIsDeclared() {
        Set<String> declaredVolumes = fieldNames(compose.path("volumes"));
        forEachService((name, service) -> mounts(service).forEach(mount -> {
            if (mount.isBind()) {
                assertThat(ROOT.resolve(mount.source())).as("%s: service %s mounts %s, which does not exist",
                        COMPOSE_FILE, name, mount.source()).exists();
            } else {
                assertThat(declaredVolumes).as("%s: service %s uses volume %s, not declared under volumes:",
                        COMPOSE_FILE, name, mount.source()).contains(mount.source());
            }
        }));
    }

    @Test
    void noTwoServicesPublishTheSameHostPort() {
        Map<Integer, String> owners = new TreeMap<>();
        forEachService((name, service) -> {
            for (JsonNode port : service.path("ports")) {
                for (int hostPort : hostPorts(port)) {
                    String owner = owners.putIfAbsent(hostPort, name);
                    assertThat(owner).as("%s: host port %d is published by both %s and %s",
                            COMPOSE_FILE, hostPort, owner, name).isNull();
                }
            }
        });
        assertThat(owners).as("%s: published host ports", COMPOSE_FILE).isNotEmpty();
    }

    @Test
    void everyPublishedPortIsBoundToTheBindAddressWhichIsTheLoopbackUnlessTheUserSetsIt() {
        forEachService((name, service) -> {
            for (JsonNode port : service.path("ports")) {
                String hostAddress;
                if (port.isObject()) {
                    hostAddress = port.path("host_ip").asText("");
                } else {
                    Matcher entry = PORT_ENTRY.matcher(port.asText());
                    assertThat(entry.matches()).as("%s: ports entry %s of %s", COMPOSE_FILE, port, name).isTrue();
                    hostAddress = Objects.requireNonNullElse(entry.group(1), "");
                }
                assertThat(hostAddress).as("%s: service %s publishes %s on every interface; bind it to %s",
                        COMPOSE_FILE, name, port, BIND_ADDRESS).isEqualTo(BIND_ADDRESS);
            }
        });
    }

    @Test
    void connectsRestApiIsNotPublished() {
        assertThat(services.path("connect").has("ports"))
                .as("%s: connect publishes its REST API, which anyone reaching it can read connector configs "
                        + "from and change them with", COMPOSE_FILE).isFalse();
    }

    @Test
    void noPasswordOrSecretHasADefaultAndEachIsRequiredWithAMessage() {
        Matcher defaulted = DEFAULTED_VARIABLE.matcher(read(ROOT.resolve(COMPOSE_FILE)));
        while (defaulted.find()) {
            assertThat(defaulted.group(1)).as("%s gives %s a default", COMPOSE_FILE, defaulted.group(1))
                    .doesNotMatch(SECRET_NAME);
        }
        forEachService((name, service) -> environment(service).forEach((variable, value) -> {
            if (SECRET_NAME.matcher(variable).matches()) {
                Matcher required = REQUIRED_VARIABLE.matcher(Objects.requireNonNullElse(value, ""));
                assertThat(required.matches()).as("%s: %s of %s is %s, not ${NAME:?message}: required, without a "
                        + "default", COMPOSE_FILE, variable, name, value).isTrue();
                assertThat(required.group(2)).as("%s: the message of %s of %s", COMPOSE_FILE, variable, name)
                        .contains(GENERATE_ENV);
            }
        }));
    }

    @Test
    void theSandboxRunsInTheDemoProfileOnlyAndNoServiceNeedsIt() {
        assertThat(services.path("sandbox").path("profiles").toString()).as("%s: profiles of sandbox", COMPOSE_FILE)
                .isEqualTo("[\"demo\"]");
        forEachService((name, service) -> {
            JsonNode sandbox = service.path("depends_on").path("sandbox");
            if (!sandbox.isMissingNode()) {
                assertThat(sandbox.path("required").asBoolean(true)).as("%s: %s depends on sandbox, which runs in "
                        + "the demo profile only: give it required: false", COMPOSE_FILE, name).isFalse();
            }
        });
        forEachService((name, service) -> {
            if (!name.equals("sandbox")) {
                assertThat(service.has("profiles")).as("%s: %s runs in a profile", COMPOSE_FILE, name).isFalse();
            }
        });
    }

    @Test
    void generateEnvWritesEveryVariableTheComposeFileRequiresAndKeepsWhatIsThere(@TempDir Path work)
            throws Exception {
        Set<String> required = new TreeSet<>();
        Matcher requirement = REQUIRED_VARIABLE.matcher(read(ROOT.resolve(COMPOSE_FILE)));
        while (requirement.find()) {
            required.add(requirement.group(1));
        }
        assertThat(required).as("variables %s requires", COMPOSE_FILE).contains("JST_MYSQL_PASSWORD");
        Path envFile = work.resolve(".env");
        Files.writeString(envFile, "JST_EXTRACTOR_SINCE=P90D\n");

        Map<String, String> first = generateEnv(envFile, "--demo");
        assertThat(first).as("%s --demo wrote", GENERATE_ENV).containsKeys(required.toArray(String[]::new))
                .containsEntry("JST_EXTRACTOR_SINCE", "P90D").containsEntry("COMPOSE_PROFILES", "demo");
        first.forEach((variable, value) -> {
            if (variable.endsWith("PASSWORD")) {
                assertThat(value).as("%s generated", variable).matches("[0-9a-f]{32,}");
            }
        });
        assertThat(first.get("JST_MYSQL_PASSWORD")).isNotEqualTo(first.get("MYSQL_ROOT_PASSWORD"));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile))).isEqualTo("rw-------");
        }
        assertThat(generateEnv(envFile, "--demo")).as("%s run again", GENERATE_ENV).isEqualTo(first);
    }

    /** Runs deploy/generate-env on {@code envFile} and returns the variables the file then holds. */
    private static Map<String, String> generateEnv(Path envFile, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve(GENERATE_ENV).toString(), "--env-file",
                envFile.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
        Properties variables = new Properties();
        try (Reader in = Files.newBufferedReader(envFile)) {
            variables.load(in);
        }
        Map<String, String> result = new TreeMap<>();
        variables.stringPropertyNames().forEach(name -> result.put(name, variables.getProperty(name)));
        return result;
    }

    @Test
    void everyJstEnvironmentNameIsOneAConfigurationKeyMapsTo() {
        Set<String> known = new TreeSet<>(EXTRA_JST_NAMES);
        configKeys(EXAMPLE_CONFIG).forEach(key -> known.add(environmentName(key)));
        assertThat(known).as("environment names derived from %s", EXAMPLE_CONFIG)
                .contains("JST_KAFKA_BOOTSTRAP_SERVERS", "JST_QIMEN_RATE_LIMIT_PER_SECOND");
        forEachService((name, service) -> environment(service).keySet().stream()
                .filter(variable -> variable.startsWith("JST_"))
                .forEach(variable -> assertThat(known).as("%s: service %s sets %s, which no key of %s maps to",
                        COMPOSE_FILE, name, variable, EXAMPLE_CONFIG).contains(variable)));
    }

    @Test
    void theConfigFileOfEveryJstServiceIsMountedAndHasOnlyKnownKeys() {
        Set<String> exampleKeys = configKeys(EXAMPLE_CONFIG);
        List<String> configured = new ArrayList<>();
        forEachService((name, service) -> {
            String configFile = configFile(name);
            if (configFile == null) {
                return;
            }
            for (String key : configKeys(configFile)) {
                assertThat(exampleKeys).as("%s (mounted into %s) has key %s, which %s does not have",
                        configFile, name, key, EXAMPLE_CONFIG).contains(key);
            }
            configured.add(name);
        });
        assertThat(configured).as("%s: services given --config", COMPOSE_FILE)
                .contains("connectors", "extractor", "transformer");
    }

    @Test
    void prometheusScrapesJstServicesOnTheirMetricsPortAndLoadsMountedRules() {
        String prometheusConfig = "/etc/prometheus/prometheus.yml";
        String configFile = mountedHostPath("prometheus", prometheusConfig);
        JsonNode prometheus = yaml(configFile);
        Map<String, Integer> targets = new LinkedHashMap<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode staticConfig : job.path("static_configs")) {
                for (JsonNode target : staticConfig.path("targets")) {
                    String[] hostPort = target.asText().split(":");
                    targets.put(hostPort[0], Integer.parseInt(hostPort[1]));
                }
            }
            for (JsonNode dns : job.path("dns_sd_configs")) {
                dns.path("names").forEach(host -> targets.put(host.asText(), dns.path("port").asInt()));
            }
        }
        assertThat(targets.keySet()).as("scrape targets of %s", configFile)
                .contains("extractor", "transformer", "kafka", "connect", "mysqld-exporter");
        targets.forEach((host, port) -> {
            assertThat(services.has(host)).as("%s scrapes %s, which is not a service of %s",
                    configFile, host, COMPOSE_FILE).isTrue();
            if (image(host).startsWith(SERVICE_IMAGE)) {
                assertThat(port).as("%s scrapes %s on port %d, but its metrics port is %d",
                        configFile, host, port, metricsPort(host)).isEqualTo(metricsPort(host));
            }
        });
        Path configDir = Path.of(prometheusConfig).getParent();
        for (JsonNode ruleFile : prometheus.path("rule_files")) {
            String inContainer = configDir.resolve(ruleFile.asText()).toString();
            assertThat(mountedHostPath("prometheus", inContainer)).as("rule file %s of %s", inContainer, configFile)
                    .isEqualTo("monitoring/alerts.yml");
        }
    }

    @Test
    void prometheusSendsAlertsToTheAlertmanagerServiceWhichMountsItsRoutes() {
        JsonNode prometheus = yaml(mountedHostPath("prometheus", "/etc/prometheus/prometheus.yml"));
        List<String> alertmanagers = new ArrayList<>();
        prometheus.path("alerting").path("alertmanagers").forEach(am -> am.path("static_configs")
                .forEach(config -> config.path("targets").forEach(target -> alertmanagers.add(target.asText()))));
        assertThat(alertmanagers).as("alertmanagers of monitoring/prometheus.yml").containsExactly("alertmanager:9093");
        List<String> command = command("alertmanager");
        assertThat(command).as("%s: command of alertmanager", COMPOSE_FILE)
                .contains("--config.file=/etc/alertmanager/alertmanager.yml");
        assertThat(mountedHostPath("alertmanager", "/etc/alertmanager/alertmanager.yml"))
                .isEqualTo("monitoring/alertmanager.yml");
    }

    @Test
    void theConnectImageCarriesThePluginDirectoryTheSinkBuildLaysOut() throws Exception {
        Element pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve(SINK_PLUGIN_POM).toFile()).getDocumentElement();
        String pluginDirectory = "jdbc-sink/target/"
                + pom.getElementsByTagName("plugin.directory").item(0).getTextContent().trim();

        Path dockerfile = ROOT.resolve(services.path("connect").path("build").path("dockerfile").asText());
        List<Copy> copies = copies(dockerfile);
        Copy plugin = copies.stream().filter(copy -> copy.fromStage() != null && copy.source().endsWith(pluginDirectory))
                .findFirst().orElse(null);
        assertThat(plugin).as("%s copies %s (the plugin directory of %s) from its build stage",
                ROOT.relativize(dockerfile), pluginDirectory, SINK_PLUGIN_POM).isNotNull();

        Copy workerCopy = copies.stream().filter(copy -> copy.source().endsWith(".properties")).findFirst().orElseThrow(
                () -> new AssertionError(ROOT.relativize(dockerfile) + " copies no worker properties file"));
        assertThat(Files.readString(dockerfile)).as("%s: the worker's command", ROOT.relativize(dockerfile))
                .contains("connect-distributed.sh\", \"" + workerCopy.destination());
        Properties worker = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve(workerCopy.source()))) {
            worker.load(in);
        }
        String pluginParent = Path.of(plugin.destination()).getParent().toString();
        assertThat(List.of(worker.getProperty("plugin.path", "").split("\\s*,\\s*")))
                .as("plugin.path of %s holds where the plugin directory goes", workerCopy.source()).contains(pluginParent);
        assertThat(worker.getProperty("config.providers", "")).as("config.providers of %s", workerCopy.source())
                .contains("env");
        assertThat(worker.getProperty("config.providers.env.class")).as("config.providers.env.class of %s",
                workerCopy.source()).isEqualTo("org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    }

    @Test
    void theConnectWorkersGetEveryEnvironmentValueTheConnectorsReadAndTheSameDatabase() throws IOException {
        Map<String, String> connectEnvironment = environment(services.path("connect"));
        try (Stream<Path> files = Files.list(ROOT.resolve(CONNECTORS_DIR))) {
            List<Path> connectors = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
            assertThat(connectors).as("connector files in %s", CONNECTORS_DIR).isNotEmpty();
            for (Path connector : connectors) {
                Matcher reference = ENV_REFERENCE.matcher(Files.readString(connector));
                while (reference.find()) {
                    assertThat(connectEnvironment).as("%s reads ${env:%s}, which %s does not give the connect service",
                            ROOT.relativize(connector), reference.group(1), COMPOSE_FILE).containsKey(reference.group(1));
                }
            }
        }
        // The sink writes where the jst services (and connectors apply) look.
        JsonNode config = yaml(configFile("connectors"));
        assertThat(connectEnvironment.get("JST_MYSQL_URL")).as("%s: JST_MYSQL_URL of connect against mysql.url of "
                + "the mounted config", COMPOSE_FILE).isEqualTo(config.path("mysql").path("url").asText());
        assertThat(connectEnvironment.get("JST_MYSQL_USER")).as("%s: JST_MYSQL_USER of connect against mysql.user",
                COMPOSE_FILE).isEqualTo(config.path("mysql").path("user").asText());
        Map<String, String> mysql = environment(services.path("mysql"));
        assertThat(connectEnvironment.get("JST_MYSQL_PASSWORD")).as("%s: JST_MYSQL_PASSWORD of connect against "
                + "MYSQL_PASSWORD of mysql", COMPOSE_FILE).isEqualTo(mysql.get("MYSQL_PASSWORD"));
        assertThat(config.path("mysql").path("url").asText()).as("mysql.url names the database MYSQL_DATABASE creates")
                .contains("//mysql:3306/" + mysql.get("MYSQL_DATABASE"));
    }

    // --- compose file ---

    private void forEachService(java.util.function.BiConsumer<String, JsonNode> check) {
        services.fields().forEachRemaining(entry -> check.accept(entry.getKey(), entry.getValue()));
    }

    private String image(String service) {
        return services.path(service).path("image").asText();
    }

    private List<String> command(String service) {
        JsonNode command = services.path(service).path("command");
        if (command.isTextual()) {
            return List.of(command.asText().trim().split("\\s+"));
        }
        List<String> words = new ArrayList<>();
        command.forEach(word -> words.add(word.asText()));
        return words;
    }

    /** The repository file a service's {@code --config} names through its mount, or null without --config. */
    private String configFile(String service) {
        List<String> command = command(service);
        int option = command.indexOf("--config");
        return option < 0 ? null : mountedHostPath(service, command.get(option + 1));
    }

    /** depends_on as a list (condition service_started) or as a map of conditions. */
    private static Map<String, String> dependencies(JsonNode service) {
        Map<String, String> dependencies = new LinkedHashMap<>();
        JsonNode dependsOn = service.path("depends_on");
        if (dependsOn.isArray()) {
            dependsOn.forEach(name -> dependencies.put(name.asText(), "service_started"));
        } else {
            dependsOn.fields().forEachRemaining(entry -> dependencies.put(entry.getKey(),
                    entry.getValue().path("condition").asText("service_started")));
        }
        return dependencies;
    }

    /** environment as a map or as a list of NAME=value. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isArray()) {
            node.forEach(item -> {
                String[] nameValue = item.asText().split("=", 2);
                environment.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : null);
            });
        } else {
            node.fields().forEachRemaining(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        }
        return environment;
    }

    private record Mount(String source, String target) {
        /** Compose's rule: a source that is a path (not a bare name) is a bind mount. */
        boolean isBind() {
            return source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
        }
    }

    private static List<Mount> mounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                mounts.add(parts.length == 1 ? new Mount("", parts[0]) : new Mount(parts[0], parts[1]));
            } else {
                mounts.add(new Mount(volume.path("source").asText(), volume.path("target").asText()));
            }
        }
        mounts.removeIf(mount -> mount.source().isEmpty()); // anonymous volumes
        return mounts;
    }

    /** The repository path mounted at {@code target} into {@code service}. */
    private String mountedHostPath(String service, String target) {
        return mounts(services.path(service)).stream()
                .filter(mount -> mount.isBind() && mount.target().equals(target))
                .map(mount -> ROOT.relativize(ROOT.resolve(mount.source()).normalize()).toString().replace('\\', '/'))
                .findFirst().orElseThrow(() -> new AssertionError(COMPOSE_FILE + ": service " + service
                        + " uses " + target + " but mounts no file there"));
    }

    /** Host ports of a ports entry: "8080:80", "127.0.0.1:8080:80", "8083-8085:8083" or the long syntax. */
    private static List<Integer> hostPorts(JsonNode port) {
        String published;
        if (port.isObject()) {
            published = port.path("published").asText("");
        } else {
            String[] parts = port.asText().split(":");
            published = parts.length >= 2 ? parts[parts.length - 2] : "";
        }
        if (published.isEmpty()) {
            return List.of(); // an ephemeral host port
        }
        String[] range = published.split("-");
        int first = Integer.parseInt(range[0]);
        int last = range.length > 1 ? Integer.parseInt(range[1]) : first;
        List<Integer> ports = new ArrayList<>();
        for (int p = first; p <= last; p++) {
            ports.add(p);
        }
        return ports;
    }

    /**
     * The port a service serves /metrics on: the JMX exporter agent's in KAFKA_OPTS (the broker, Connect); for a jst
     * service JST_METRICS_PORT, else its config file's, else the example's.
     */
    private int metricsPort(String service) {
        Matcher agent = JMX_AGENT_PORT.matcher(environment(services.path(service)).getOrDefault("KAFKA_OPTS", ""));
        if (agent.find()) {
            return Integer.parseInt(agent.group(1));
        }
        String fromEnvironment = environment(services.path(service)).get("JST_METRICS_PORT");
        if (fromEnvironment != null) {
            return Integer.parseInt(fromEnvironment);
        }
        String configFile = configFile(service);
        JsonNode config = yaml(configFile == null ? EXAMPLE_CONFIG : configFile);
        JsonNode port = config.path("metrics").path("port");
        return port.isMissingNode() ? yaml(EXAMPLE_CONFIG).path("metrics").path("port").asInt() : port.asInt();
    }

    // --- configuration keys ---

    /** The dotted paths of a config file's leaves; a list (such as extractor.flows) is one leaf. */
    private static Set<String> configKeys(String file) {
        Set<String> keys = new TreeSet<>();
        collectKeys("", yaml(file), keys);
        assertThat(keys).as("keys of %s", file).isNotEmpty();
        return keys;
    }

    private static void collectKeys(String prefix, JsonNode node, Set<String> keys) {
        if (!node.isObject()) {
            keys.add(prefix);
            return;
        }
        node.fields().forEachRemaining(entry ->
                collectKeys(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), keys));
    }

    /** The override rule of config/pipeline.example.yml: kafka.bootstrap-servers -> JST_KAFKA_BOOTSTRAP_SERVERS. */
    private static String environmentName(String key) {
        return "JST_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    // --- Dockerfiles ---

    private record Copy(String fromStage, String source, String destination) {
    }

    /** The COPY instructions of a Dockerfile with one source each, as ours have. */
    private static List<Copy> copies(Path dockerfile) {
        List<Copy> copies = new ArrayList<>();
        for (String line : read(dockerfile).lines().map(String::trim).toList()) {
            if (!line.startsWith("COPY ")) {
                continue;
            }
            List<String> words = new ArrayList<>(List.of(line.substring(5).trim().split("\\s+")));
            String from = null;
            for (Iterator<String> it = words.iterator(); it.hasNext(); ) {
                String word = it.next();
                if (word.startsWith("--")) {
                    if (word.startsWith("--from=")) {
                        from = word.substring("--from=".length());
                    }
                    it.remove();
                }
            }
            assertThat(words).as("%s: %s (one source and a destination)", dockerfile.getFileName(), line).hasSize(2);
            copies.add(new Copy(from, words.get(0), words.get(1)));
        }
        return copies;
    }

    // --- files ---

    private static JsonNode yaml(String file) {
        try {
            JsonNode node = YAML.readTree(ROOT.resolve(file).toFile());
            assertThat(node).as("%s is empty", file).isNotNull();
            return node;
        } catch (IOException e) {
            throw new AssertionError(file + " does not parse: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
