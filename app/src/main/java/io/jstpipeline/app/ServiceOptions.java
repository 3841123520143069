package io.jstpipeline.app;

import io.jstpipeline.common.DatabaseTls;
import io.jstpipeline.connect.DatabaseTarget;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the pipeline's services are, as options overriding the configuration's keys (see {@link ConfigOptions}):
 * a command reads them through its {@link io.jstpipeline.app.config.PipelineConfig}, which also takes the
 * environment (JST_KAFKA_BOOTSTRAP_SERVERS, …) and names a missing one.
 */
public final class ServiceOptions {

    private ServiceOptions() {
    }

    /** The Kafka cluster. */
    static final class Kafka implements ConfigOptions.Source {
        @Option(names = "--bootstrap-servers",
                description = "Kafka bootstrap servers; overrides kafka.bootstrap-servers (env JST_KAFKA_BOOTSTRAP_SERVERS).")
        String bootstrapServers;

        @Option(names = "--kafka-client-file", paramLabel = "FILE",
                description = "Kafka client properties (security.protocol, sasl.*, ssl.*), as the Kafka tools' "
                        + "--command-config takes them; overrides kafka.client-file (env JST_KAFKA_CLIENT_FILE).")
        Path clientFile;

        @Override
        public void addTo(ConfigOptions.Overrides overrides) {
            overrides.put("kafka.bootstrap-servers", bootstrapServers, "--bootstrap-servers")
                    .put("kafka.client-file", clientFile, "--kafka-client-file");
        }
    }

    /** The Kafka Connect cluster's REST API. */
    static final class Connect implements ConfigOptions.Source {
        @Option(names = "--connect-url",
                description = "The Kafka Connect REST API, e.g. http://connect:8083; overrides connect.url "
                        + "(env JST_CONNECT_URL).")
        String connectUrl;

        @Override
        public void addTo(ConfigOptions.Overrides overrides) {
            overrides.put("connect.url", connectUrl, "--connect-url");
        }
    }

    /** The MySQL (or MariaDB) database the tables live in. */
    public static final class Database implements ConfigOptions.Source {

        private final Map<String, String> environment;

        /** Made by the command line's factory ({@link JstPipeline}), which hands it the environment. */
        Database(Map<String, String> environment) {
            this.environment = environment;
        }

        @Option(names = "--mysql-url",
                description = "jdbc:mysql://… or jdbc:mariadb://…; overrides mysql.url (env JST_MYSQL_URL).")
        String mysqlUrl;

        @Option(names = "--mysql-user", description = "Overrides mysql.user (env JST_MYSQL_USER); no default: a user "
                + "with the grants the README gives, not root.")
        String mysqlUser;

        @Option(names = "--mysql-password", description = "Better: the environment variable JST_MYSQL_PASSWORD or "
                + "mysql.password-file, which ps does not show.")
        String mysqlPassword;

        @Option(names = "--mysql-tls", description = "disabled, required, verify-ca or verify-identity; overrides "
                + "mysql.tls (env JST_MYSQL_TLS; default: the driver's).")
        String mysqlTls;

        @Option(names = "--mysql-tls-ca-file", description = "The CA certificate(s) in PEM that verify-ca and "
                + "verify-identity check the server's certificate against; overrides mysql.tls-ca-file "
                + "(env JST_MYSQL_TLS_CA_FILE).")
        Path mysqlTlsCaFile;

        @Override
        public void addTo(ConfigOptions.Overrides overrides) {
            overrides.put("mysql.url", mysqlUrl, "--mysql-url")
                    .put("mysql.user", mysqlUser, "--mysql-user")
                    .put("mysql.password", mysqlPassword, "--mysql-password")
                    .put("mysql.tls", mysqlTls, "--mysql-tls")
                    .put("mysql.tls-ca-file", mysqlTlsCaFile, "--mysql-tls-ca-file");
        }

        /** For the demo, which takes no configuration: whether --mysql-url was given. */
        public boolean given() {
            return mysqlUrl != null && !mysqlUrl.isBlank();
        }

        /**
         * For the demo and the benchmark, which read no configuration file: the options, the user, password and
         * TLS falling back to JST_MYSQL_USER, JST_MYSQL_PASSWORD, JST_MYSQL_TLS and JST_MYSQL_TLS_CA_FILE, so the
         * password need not be on the command line.
         */
        public DatabaseTarget target() {
            String user = mysqlUser != null ? mysqlUser : environment.get("JST_MYSQL_USER");
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("--mysql-url needs a user: --mysql-user or JST_MYSQL_USER");
            }
            String password = mysqlPassword != null ? mysqlPassword : environment.get("JST_MYSQL_PASSWORD");
            String tls = mysqlTls != null ? mysqlTls : environment.get("JST_MYSQL_TLS");
            String caFile = mysqlTlsCaFile != null ? mysqlTlsCaFile.toString() : environment.get("JST_MYSQL_TLS_CA_FILE");
            try {
                return new DatabaseTarget(mysqlUrl, user, password, new DatabaseTls(
                        tls == null ? null : DatabaseTls.Mode.of(tls), caFile == null ? null : Path.of(caFile)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mysql-tls, --mysql-tls-ca-file: " + e.getMessage());
            }
        }
    }

    /** One flow over whole days, as backfill and reconcile take it. */
    static final class FlowDays {
        @Option(names = "--flow", required = true, description = "The flow, e.g. saleout or order.")
        String flow;

        @Option(names = "--from", required = true, description = "First day, e.g. 2025-01-01 (inclusive).")
        LocalDate from;

        @Option(names = "--to", required = true, description = "Last day, e.g. 2025-03-01 (exclusive).")
        LocalDate to;

        /** @throws IllegalArgumentException when the range is empty or reversed */
        FlowDays checked() {
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("--to (" + to + ") must be after --from (" + from + ")");
            }
            return this;
        }

        LocalDateTime start() {
            return from.atStartOfDay();
        }

        LocalDateTime end() {
            return to.atStartOfDay();
        }
    }

    /** The transformer's mapping file. */
    static final class Tables implements ConfigOptions.Source {
        @Option(names = "--mappings-file", description = "A mappings.yml declaring the tables; overrides "
                + "transformer.mappings-file. Default: the built-in one.")
        Path mappingsFile;

        @Override
        public void addTo(ConfigOptions.Overrides overrides) {
            overrides.put("transformer.mappings-file", mappingsFile, "--mappings-file");
        }
    }
}
