package io.jstpipeline.app.config;

import io.jstpipeline.common.DatabaseTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.common.DatabaseTls;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.window.PagePool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {

    static final Path EXAMPLE = Path.of("../config/pipeline.example.yml");
    static final String SECRET = "s3cr3t-app-secret";

    @TempDir
    Path dir;

    @Test
    void theExampleFileLoadsWithTheSecretFromTheEnvironment() {
        PipelineConfig config = PipelineConfig.load(EXAMPLE, Map.of("JST_QIMEN_APP_SECRET", SECRET), List.of());

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.credentials().gatewayUrl()).isEqualTo("http://localhost:8701/router/qm");
        assertThat(config.credentials().appSecret()).isEqualTo(SECRET);
        assertThat(config.callLimits()).isEqualTo(CallLimits.jushuitan());
        assertThat(config.flows()).extracting(FlowDefinition::name).containsExactly("saleout", "order");
        assertThat(config.since()).isEqualTo(Duration.ofDays(30));
        assertThat(config.instance()).isEqualTo("default");
        assertThat(config.pageConcurrency()).isEqualTo(4);
        assertThat(config.partitions()).isEqualTo(3);
        assertThat(config.replicationFactor()).isEqualTo((short) 1);
        assertThat(config.transformerApplicationId()).isEqualTo("jst-transformer");
        assertThat(config.transformerStateDir()).isEqualTo(Path.of("/var/lib/jst-pipeline/transformer"));
        assertThat(config.connectUrl()).isEqualTo("http://localhost:8083");
        assertThat(config.tasksMax()).isEqualTo(1);
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:mysql://localhost:3306/jst");
        assertThat(config.database().user()).isEqualTo("jst");
        assertThat(config.metricsPort()).isEqualTo(9404);
        assertThat(config.loggingFormat()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void theEnvironmentOverridesTheFileAndOptionsOverrideBoth() throws IOException {
        Path file = write("kafka:\n  bootstrap-servers: file:9092\n  partitions: 6\n"
                + "qimen:\n  rate-limit:\n    per-second: 2\n");
        PipelineConfig config = PipelineConfig.load(file, Map.of(
                        "JST_KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                        "JST_QIMEN_RATE_LIMIT_PER_SECOND", "3",
                        "JST_EXTRACTOR_FLOWS", "order"),
                List.of(new PipelineConfig.Override("kafka.partitions", "12", "--partitions")));

        assertThat(config.bootstrapServers()).isEqualTo("env:9092");
        assertThat(config.callLimits().limits().get(0).calls()).isEqualTo(3);
        assertThat(config.flows()).extracting(FlowDefinition::name).containsExactly("order");
        assertThat(config.partitions()).isEqualTo(12);
    }

    @Test
    void aSecretFileWinsAndItsContentIsTheSecret() throws IOException {
        Path secretFile = dir.resolve("app-secret");
        Files.writeString(secretFile, SECRET + "\n");
        Path password = dir.resolve("mysql-password");
        Files.writeString(password, "db-pass-1");
        Path file = write("qimen:\n  gateway-url: http://gw/router/qm\n  app-key: k\n  customer-id: c\n"
                + "  app-secret-file: " + secretFile + "\nmysql:\n  url: jdbc:mariadb://db/jst\n  user: jst\n"
                + "  password-file: " + password + "\n");

        PipelineConfig config = PipelineConfig.load(file, Map.of(), List.of());

        assertThat(config.credentials().appSecret()).isEqualTo(SECRET);
        assertThat(config.database().password()).isEqualTo("db-pass-1");
    }

    @Test
    void anUnreadableSecretFileNamesItsKey() throws IOException {
        Path file = write("qimen:\n  app-secret-file: " + dir.resolve("missing") + "\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessageStartingWith("qimen.app-secret-file: cannot read");
    }

    @Test
    void aSecretWrittenIntoTheFileIsRefusedWithoutRepeatingIt() throws IOException {
        Path file = write("qimen:\n  app-secret: " + SECRET + "\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessageStartingWith("qimen.app-secret must not be written in")
                .hasMessageContaining("JST_QIMEN_APP_SECRET")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void connectsUserNeedsItsPasswordWhichComesFromTheEnvironmentOrAFileAndIsMasked() throws IOException {
        Path file = write("connect:\n  url: https://connect:8443\n  user: jst-ops\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessageStartingWith("connect.user is set (from " + file + ") but not its password")
                .hasMessageContaining("JST_CONNECT_PASSWORD");
        assertThatThrownBy(() -> PipelineConfig.load(null, Map.of("JST_CONNECT_PASSWORD", "rest-pass-3"), List.of()))
                .hasMessageStartingWith("connect.password is set").hasMessageNotContaining("rest-pass-3");

        Path password = dir.resolve("connect-password");
        Files.writeString(password, "rest-pass-3\n");
        PipelineConfig config = PipelineConfig.load(file, Map.of("JST_CONNECT_PASSWORD_FILE", password.toString()),
                List.of());
        assertThat(config.connectRest().baseUrl()).isEqualTo("https://connect:8443/");
        assertThat(config.masked()).doesNotContain("rest-pass-3").contains("  user: \"jst-ops\"");
    }

    @Test
    void aCaFileThatIsNotPemIsNamedWithItsKey() throws IOException {
        Path notPem = dir.resolve("ca.pem");
        Files.writeString(notPem, "not a certificate\n");
        PipelineConfig config = PipelineConfig.load(null, Map.of("JST_CONNECT_URL", "https://connect:8443",
                "JST_CONNECT_TLS_CA_FILE", notPem.toString()), List.of());
        assertThatThrownBy(config::connectRest).hasMessageStartingWith("connect.tls-ca-file: ")
                .hasMessageContaining(notPem.toString()).hasMessageEndingWith("(from environment variable "
                        + "JST_CONNECT_TLS_CA_FILE)");
    }

    @Test
    void aMissingRequiredKeyIsNamedWithItsVariable() throws IOException {
        PipelineConfig config = PipelineConfig.load(write("qimen:\n  app-key: k\n"), Map.of(), List.of());
        assertThatThrownBy(config::credentials)
                .hasMessageStartingWith("qimen.gateway-url is not set")
                .hasMessageContaining("JST_QIMEN_GATEWAY_URL");
    }

    @Test
    void aNonNumericRateFromTheFileNamesKeyAndFile() throws IOException {
        Path file = write("qimen:\n  rate-limit:\n    per-second: fast\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessage("qimen.rate-limit.per-second must be a whole number, got \"fast\" (from " + file + ")");
    }

    @Test
    void aNonNumericRateFromTheEnvironmentNamesKeyAndVariable() {
        assertThatThrownBy(() -> PipelineConfig.load(null, Map.of("JST_QIMEN_RATE_LIMIT_PER_SECOND", "5/s"), List.of()))
                .hasMessage("qimen.rate-limit.per-second must be a whole number, got \"5/s\" "
                        + "(from environment variable JST_QIMEN_RATE_LIMIT_PER_SECOND)");
    }

    @Test
    void aRateOfZeroIsRefused() {
        assertThatThrownBy(() -> PipelineConfig.load(null, Map.of("JST_QIMEN_RATE_LIMIT_PER_MINUTE", "0"), List.of()))
                .hasMessageStartingWith("qimen.rate-limit.per-minute must be at least 1");
    }

    @Test
    void thePageConcurrencyIsTheExtractorsDefaultUnlessGiven() throws IOException {
        assertThat(PipelineConfig.load(null, Map.of(), List.of()).pageConcurrency())
                .isEqualTo(PagePool.DEFAULT_CONCURRENCY);
        assertThat(PipelineConfig.load(write("extractor:\n  page-concurrency: 16\n"), Map.of(), List.of())
                .pageConcurrency()).isEqualTo(16);
    }

    @Test
    void theReadAheadIsADayUnlessGivenAndNeverNegative() throws IOException {
        assertThat(PipelineConfig.load(null, Map.of(), List.of()).readAhead()).isEqualTo(Duration.ofDays(1));
        assertThat(PipelineConfig.load(write("extractor:\n  read-ahead: PT2H\n"), Map.of(), List.of()).readAhead())
                .isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> PipelineConfig.load(null, Map.of("JST_EXTRACTOR_READ_AHEAD", "-PT1H"), List.of()))
                .hasMessageStartingWith("extractor.read-ahead must not be negative, got -PT1H");
    }

    @Test
    void aPageConcurrencyOutsideOneToSixteenIsRefusedNamingKeyAndSource() throws IOException {
        Path file = write("extractor:\n  page-concurrency: 0\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessage("extractor.page-concurrency must be from 1 to 16, got 0 (from " + file + ")");
        assertThatThrownBy(() -> PipelineConfig.load(null, Map.of("JST_EXTRACTOR_PAGE_CONCURRENCY", "17"), List.of()))
                .hasMessage("extractor.page-concurrency must be from 1 to 16, got 17 "
                        + "(from environment variable JST_EXTRACTOR_PAGE_CONCURRENCY)");
        assertThatThrownBy(() -> PipelineConfig.load(null, Map.of("JST_EXTRACTOR_PAGE_CONCURRENCY", "many"), List.of()))
                .hasMessageStartingWith("extractor.page-concurrency must be a whole number, got \"many\"");
    }

    @Test
    void anUnknownFlowIsNamedWithTheDeclaredOnes() throws IOException {
        Path file = write("extractor:\n  flows: [saleout, refund]\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessageStartingWith("extractor.flows: unknown flow refund")
                .hasMessageContaining("saleout");
    }

    @Test
    void anUnknownKeyIsNamedWithTheKnownOnesOfItsSection() throws IOException {
        Path file = write("qimen:\n  gateway_url: http://gw/router/qm\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessageStartingWith("unknown key qimen.gateway_url in " + file)
                .hasMessageContaining("gateway-url");
    }

    @Test
    void anUnknownSectionIsNamed() throws IOException {
        Path file = write("kafak:\n  bootstrap-servers: x\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessageStartingWith("unknown key kafak in ");
    }

    @Test
    void badDurationsUrlsSignMethodsAndFormatsNameTheirKey() {
        Map<String, String> bad = Map.of(
                "JST_EXTRACTOR_SINCE", "30 days",
                "JST_QIMEN_GATEWAY_URL", "localhost:8701",
                "JST_QIMEN_SIGN_METHOD", "sha1",
                "JST_LOGGING_FORMAT", "xml",
                "JST_MYSQL_URL", "mysql://root:pw@db/jst",
                "JST_MYSQL_TLS", "yes",
                "JST_CONNECT_URL", "ftp://connect");
        bad.forEach((variable, value) -> assertThatThrownBy(
                () -> PipelineConfig.load(null, Map.of(variable, value), List.of()))
                .as(variable)
                .hasMessageEndingWith("(from environment variable " + variable + ")")
                .hasMessageStartingWith(variable.substring(4).toLowerCase().replaceFirst("_", ".").replace('_', '-')));
    }

    @Test
    void aDatabaseWithoutAUserStopsNamingMysqlUserAsRootIsNoDefault() {
        PipelineConfig config = PipelineConfig.load(null, Map.of("JST_MYSQL_URL", "jdbc:mysql://db/jst"), List.of());

        assertThatThrownBy(config::database).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mysql.user is not set").hasMessageContaining("JST_MYSQL_USER");
        assertThat(config.masked()).contains("  user: null  # not set");
    }

    @Test
    void mysqlTlsReachesTheDatabaseTargetAndACaFileItWouldNotReadIsRefused(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "");
        Map<String, String> environment = new HashMap<>(Map.of("JST_MYSQL_URL", "jdbc:mysql://db/jst",
                "JST_MYSQL_USER", "jst", "JST_MYSQL_TLS", "verify-identity", "JST_MYSQL_TLS_CA_FILE", ca.toString()));
        assertThat(PipelineConfig.load(null, environment, List.of()).database().tls())
                .isEqualTo(new DatabaseTls(DatabaseTls.Mode.VERIFY_IDENTITY, ca));

        environment.put("JST_MYSQL_TLS", "required");
        assertThatThrownBy(() -> PipelineConfig.load(null, environment, List.of()).database())
                .hasMessageStartingWith("mysql.tls-ca-file: ").hasMessageContaining("verify-ca or verify-identity")
                .hasMessageEndingWith("(from environment variable JST_MYSQL_TLS_CA_FILE)");

        environment.put("JST_MYSQL_TLS_CA_FILE", dir.resolve("missing.pem").toString());
        assertThatThrownBy(() -> PipelineConfig.load(null, environment, List.of()).database())
                .hasMessageStartingWith("mysql.tls-ca-file: cannot read ");
    }

    @Test
    void aJdbcUrlIsRefusedWithoutRepeatingThePasswordInIt() {
        assertThatThrownBy(() -> PipelineConfig.load(null, Map.of("JST_MYSQL_URL", "mysql://u:hunter2@db"), List.of()))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theMaskedConfigurationShowsEveryKeyButNoSecret() {
        PipelineConfig config = PipelineConfig.load(EXAMPLE, Map.of(
                "JST_QIMEN_APP_SECRET", SECRET,
                "JST_MYSQL_PASSWORD", "db-pass-1",
                "JST_MYSQL_URL", "jdbc:mysql://db:3306/jst?user=jst&password=url-pass-2"), List.of());

        String masked = config.masked();

        assertThat(masked).doesNotContain(SECRET, "db-pass-1", "url-pass-2")
                .contains("  app-secret: ******  # from environment variable JST_QIMEN_APP_SECRET")
                .contains("  password: ******  # from environment variable JST_MYSQL_PASSWORD")
                .contains("password=***")
                .contains("  gateway-url: \"http://localhost:8701/router/qm\"  # from " + EXAMPLE)
                .contains("    per-second: 5  # from " + EXAMPLE)
                .contains("  page-concurrency: 4  # from " + EXAMPLE)
                .contains("  flows: [\"saleout\", \"order\"]");
        // What it prints is itself a configuration file, secrets aside.
        assertThat(masked.lines().filter(l -> !l.startsWith(" ")))
                .containsExactly("kafka:", "qimen:", "extractor:", "transformer:", "connect:", "mysql:", "metrics:",
                        "logging:");
    }

    @Test
    void kafkaClientPropertiesComeFromTheClientFileTheConfigurationAndTheEnvironmentInThatOrder() throws IOException {
        Path clientFile = dir.resolve("client.properties");
        Files.writeString(clientFile, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                ssl.truststore.location=/from/the/file.p12
                ssl.truststore.password=trust-pass-3
                """);
        Path file = write("kafka:\n  bootstrap-servers: broker:9093\n  client-file: " + clientFile + "\n  client:\n"
                + "    sasl.mechanism: PLAIN\n    ssl.truststore.location: /from/the/config.p12\n");

        PipelineConfig config = PipelineConfig.load(file, Map.of(
                "JST_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/from/the/environment.p12"), List.of());

        assertThat(config.kafka().bootstrapServers()).isEqualTo("broker:9093");
        assertThat(config.kafka().properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "ssl.truststore.location", "/from/the/environment.p12",
                "ssl.truststore.password", "trust-pass-3"));
        assertThat(config.kafka().toString()).isEqualTo("broker:9093 (SASL_SSL)");
    }

    @Test
    void secretReferencesAreResolvedAsKafkasEnvAndFileProvidersDo() throws IOException {
        Path secrets = dir.resolve("kafka-secrets.properties");
        Files.writeString(secrets, "truststore=trust-pass-3\n");
        Path file = write("kafka:\n  bootstrap-servers: broker:9093\n  client:\n"
                + "    sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"jst\" password=\"${env:KAFKA_PASSWORD}\";\n"
                + "    ssl.truststore.password: ${file:" + secrets + ":truststore}\n");

        PipelineConfig config = PipelineConfig.load(file, Map.of("KAFKA_PASSWORD", "sasl-pass-4"), List.of());

        assertThat(config.kafka().properties())
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"jst\" password=\"sasl-pass-4\";")
                .containsEntry("ssl.truststore.password", "trust-pass-3");
        assertThat(config.masked()).doesNotContain("sasl-pass-4", "trust-pass-3", "KAFKA_PASSWORD")
                .contains("  client:\n    sasl.jaas.config: ******  # from " + file + "\n"
                        + "    ssl.truststore.password: ******  # from " + file + "\n");
    }

    @Test
    void aReferenceThatCannotBeResolvedStopsTheLoadNamingTheProperty() throws IOException {
        Path file = write("kafka:\n  client:\n    ssl.truststore.password: ${env:KAFKA_TRUSTSTORE_PASSWORD}\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessage("kafka.client.ssl.truststore.password: ${env:KAFKA_TRUSTSTORE_PASSWORD} names an "
                        + "environment variable that is not set (from " + file + ")");

        Path missing = write("kafka:\n  client:\n    ssl.truststore.password: ${file:" + dir.resolve("none")
                + ":truststore}\n");
        assertThatThrownBy(() -> PipelineConfig.load(missing, Map.of(), List.of()))
                .hasMessageStartingWith("kafka.client.ssl.truststore.password: Could not read properties from file "
                        + dir.resolve("none"));
    }

    @Test
    void declaredConfigProvidersAreLeftToTheClients() throws IOException {
        Path file = write("kafka:\n  client:\n    config.providers: vault\n"
                + "    config.providers.vault.class: com.example.VaultConfigProvider\n"
                + "    sasl.jaas.config: ${vault:kafka/jst:jaas}\n");

        PipelineConfig config = PipelineConfig.load(file, Map.of("JST_KAFKA_BOOTSTRAP_SERVERS", "b:9093"), List.of());

        assertThat(config.kafka().properties()).containsEntry("sasl.jaas.config", "${vault:kafka/jst:jaas}")
                .containsEntry("config.providers", "vault");
    }

    @Test
    void aLiteralSecretInTheConfigurationFileIsRefusedWithoutRepeatingIt() throws IOException {
        Path file = write("kafka:\n  client:\n    sasl.jaas.config: x required password=\"hunter2\";\n");
        assertThatThrownBy(() -> PipelineConfig.load(file, Map.of(), List.of()))
                .hasMessageStartingWith("kafka.client.sasl.jaas.config must not hold a secret in " + file
                        + ": write ${env:NAME} or ${file:/path:key} where it goes, or give the property in "
                        + "JST_KAFKA_CLIENT_SASL_JAAS_CONFIG or in kafka.client-file")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aKafkaClientPropertyKafkaDoesNotKnowOrTheBootstrapServersAreRefused() throws IOException {
        Path typo = write("kafka:\n  client:\n    security.protocal: SASL_SSL\n");
        assertThatThrownBy(() -> PipelineConfig.load(typo, Map.of(), List.of()))
                .hasMessage("kafka.client.security.protocal is not a Kafka producer, consumer or admin client "
                        + "property (from " + typo + ")");
        assertThatThrownBy(() -> PipelineConfig.load(null, Map.of("JST_KAFKA_CLIENT_BOOTSTRAP_SERVERS", "x:1"), List.of()))
                .hasMessage("kafka.client.bootstrap.servers is not taken: give the servers in kafka.bootstrap-servers "
                        + "(from environment variable JST_KAFKA_CLIENT_BOOTSTRAP_SERVERS)");
        assertThatThrownBy(() -> PipelineConfig.load(null, Map.of("JST_KAFKA_CLIENT_FILE", dir.resolve("none")
                .toString()), List.of()))
                .hasMessage("kafka.client-file (from environment variable JST_KAFKA_CLIENT_FILE): cannot read "
                        + dir.resolve("none"));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("pipeline.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
