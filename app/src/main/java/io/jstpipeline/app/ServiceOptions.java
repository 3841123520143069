package io.jstpipeline.app;

import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.transformer.table.Mappings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import picocli.CommandLine.Option;

/**
 * Where the pipeline's services are, as the commands take them: each option has an environment variable,
 * and a missing one stops the command naming it. Passwords come from the environment, not argv.
 */
final class ServiceOptions {

    private ServiceOptions() {
    }

    static String require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " is not set");
        }
        return value;
    }

    /** The Kafka cluster. */
    static final class Kafka {
        @Option(names = "--bootstrap-servers", defaultValue = "${env:JST_BOOTSTRAP_SERVERS}",
                description = "Kafka bootstrap servers (env JST_BOOTSTRAP_SERVERS).")
        String bootstrapServers;

        String bootstrapServers() {
            return require(bootstrapServers, "--bootstrap-servers");
        }
    }

    /** The Kafka Connect cluster's REST API. */
    static final class Connect {
        @Option(names = "--connect-url", defaultValue = "${env:JST_CONNECT_URL}",
                description = "The Kafka Connect REST API, e.g. http://connect:8083 (env JST_CONNECT_URL).")
        String connectUrl;

        ConnectRestClient rest() {
            return new ConnectRestClient(require(connectUrl, "--connect-url"));
        }

        boolean given() {
            return connectUrl != null && !connectUrl.isBlank();
        }
    }

    /** The MySQL (or MariaDB) database the tables live in. */
    static final class Database {
        @Option(names = "--mysql-url", defaultValue = "${env:JST_MYSQL_URL}",
                description = "jdbc:mysql://… or jdbc:mariadb://… (env JST_MYSQL_URL).")
        String mysqlUrl;

        @Option(names = "--mysql-user", defaultValue = "${env:JST_MYSQL_USER:-root}",
                description = "Default: root (env JST_MYSQL_USER).")
        String mysqlUser;

        @Option(names = "--mysql-password", defaultValue = "${env:JST_MYSQL_PASSWORD}",
                description = "Default: the environment variable JST_MYSQL_PASSWORD.")
        String mysqlPassword;

        boolean given() {
            return mysqlUrl != null && !mysqlUrl.isBlank();
        }

        DatabaseTarget target() {
            return new DatabaseTarget(require(mysqlUrl, "--mysql-url"), mysqlUser, mysqlPassword);
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
    static final class Tables {
        @Option(names = "--mappings-file", description = "A mappings.yml declaring the tables; default: the "
                + "built-in one.")
        Path mappingsFile;

        Mappings mappings() {
            return mappingsFile == null ? Mappings.builtIn() : Mappings.load(mappingsFile);
        }
    }
}
