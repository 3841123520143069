package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules (monitoring/alerts.yml) against their unit tests (monitoring/alerts.test.yml), run by Debian's
 * promtool ({@code apt-get install prometheus}, as .ci/run does): every rule is tested firing and quiet, and every
 * alert tells the person it reaches which command to run.
 */
class AlertRulesTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    /** Tests run in app/. */
    private static final Path MONITORING = Path.of("..", "monitoring").toAbsolutePath().normalize();
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        assertThat(PROMTOOL).as("promtool: apt-get install prometheus").isExecutable();
        Process promtool = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", "alerts.test.yml")
                .directory(MONITORING.toFile()).redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void everyRuleIsTestedFiringAndQuiet() throws Exception {
        Set<String> rules = new TreeSet<>();
        alerts().forEach(rule -> rules.add(rule.path("alert").asText()));
        Map<String, Set<String>> tested = new TreeMap<>();
        for (JsonNode test : YAML.readTree(MONITORING.resolve("alerts.test.yml").toFile()).path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                tested.computeIfAbsent(expectation.path("alertname").asText(), name -> new TreeSet<>())
                        .add(expectation.path("exp_alerts").isEmpty() ? "quiet" : "firing");
            }
        }
        assertThat(rules).isNotEmpty();
        for (String rule : rules) {
            assertThat(tested.get(rule)).as("the tests of %s in alerts.test.yml", rule)
                    .containsExactlyInAnyOrder("firing", "quiet");
        }
    }

    @Test
    void everyAlertSaysWhichCommandToRun() throws Exception {
        for (JsonNode rule : alerts()) {
            assertThat(rule.path("annotations").path("action").asText()).as("the action of %s", rule.path("alert"))
                    .containsPattern("`jst-pipeline [a-z]+");
        }
    }

    private static Iterable<JsonNode> alerts() throws Exception {
        return YAML.readTree(MONITORING.resolve("alerts.yml").toFile()).path("groups").findValue("rules");
    }
}
