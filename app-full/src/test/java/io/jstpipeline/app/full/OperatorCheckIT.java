package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code check} and the one-line failures against the deployed layout, each command its own JVM of the service
 * runtime with compose's configuration and environment: every part OK; the database stopped named with exit code 3;
 * a Kafka nobody listens at one line within 15 s, for a one-shot command and a service alike.
 */
class OperatorCheckIT {

    private static final Duration ONE_LINE_WITHIN = Duration.ofSeconds(15);

    @Test
    void checkPassesOnTheRunningLayoutAndNamesTheDatabaseWhileItIsDown() throws Exception {
        DeployedLayout layout = DeployedLayout.shared();

        DeployedLayout.Finished ok = layout.run("check", "check");
        System.out.println(ok.output());
        assertThat(ok.exit()).as(ok.output()).isZero();
        for (String component : List.of("kafka", "topics", "connect", "mysql", "gateway")) {
            assertThat(ok.output()).containsPattern("(?m)^OK +" + component + " ");
        }
        JsonNode json = layout.run("check", "check", "--json").json();
        assertThat(json.path("ok").asBoolean()).as(json.toString()).isTrue();
        assertThat(json.path("components")).hasSize(5).allMatch(component -> component.path("ok").asBoolean());

        layout.database().stop();
        try {
            DeployedLayout.Finished down = layout.run("check", "check");
            System.out.println(down.output());
            assertThat(down.exit()).as(down.output()).isEqualTo(3);
            assertThat(down.output()).containsPattern("(?m)^FAIL +mysql +" + layout.database().jdbcUrl().replace("?", "\\?"))
                    .containsPattern("(?m)^OK +kafka ");
            assertThat(down.took()).isLessThan(ONE_LINE_WITHIN.plusSeconds(10)); // and a JVM's start
        } finally {
            layout.database().restart();
        }
        layout.awaitReady("check after the database is back", () -> layout.run("check", "check").exit() == 0);
    }

    @Test
    void aKafkaNobodyListensAtIsOneLineWithinFifteenSecondsForACommandAndAService() throws Exception {
        DeployedLayout layout = DeployedLayout.shared();
        Map<String, String> nowhere = new LinkedHashMap<>(layout.environment());
        String address = "127.0.0.1:" + DeployedLayout.freePort();
        nowhere.put("JST_KAFKA_BOOTSTRAP_SERVERS", address);

        for (List<String> command : List.of(List.of("status"), List.of("topics", "apply"), List.of("transform"))) {
            DeployedLayout.Finished stopped = layout.run(String.join("-", command), nowhere,
                    command.toArray(String[]::new));
            System.out.println(stopped.output());
            assertThat(stopped.exit()).as(stopped.output()).isEqualTo(3);
            assertThat(stopped.output().lines().filter(line -> line.startsWith("jst-pipeline ")))
                    .singleElement().asString().contains("kafka " + address);
            assertThat(stopped.output()).doesNotContain("\tat ", "Exception");
            assertThat(stopped.took()).as(String.join(" ", command)).isLessThan(ONE_LINE_WITHIN);
        }
    }

}
