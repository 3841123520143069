package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jstpipeline.common.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard of docker-compose.yml against the running pipeline. Grafana cannot run here, so its queries
 * go to a real Prometheus (Debian's) scraping the deployed layout as compose's does: the extractor, the
 * transformer, and the broker and the Connect worker through the JMX exporter's agent with monitoring/jmx's rules.
 * Every query of every panel and of every variable must return at least one series: a metric renamed in a service
 * or in the exporter's rules, a label or a query mistyped, fails here.
 */
class OperatorDashboardIT {

    private static final Path GRAFANA = DeployedLayout.ROOT.resolve("monitoring/grafana");
    private static final Path DASHBOARD = GRAFANA.resolve("dashboards/jst-pipeline.json");
    private static final Path DATASOURCES = GRAFANA.resolve("provisioning/datasources/prometheus.yml");
    /** Grafana's $__rate_interval is four scrape intervals at least: PrometheusServer scrapes every second. */
    private static final String RATE_INTERVAL = "30s";
    /** Long enough for every target's counters to have two samples in RATE_INTERVAL, and the gauges a refresh. */
    private static final Duration ALL_THERE_WITHIN = Duration.ofSeconds(90);
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?|\\[\\[(\\w+)]]");

    /** A query of the dashboard: where it is, and the PromQL Grafana would send. */
    private record Query(String where, String expr) {
    }

    @Test
    void everyQueryOfTheDashboardReturnsSeriesFromTheRunningPipeline(@TempDir Path work) throws Exception {
        DeployedLayout layout = DeployedLayout.shared();
        JsonNode dashboard = Json.MAPPER.readTree(DASHBOARD.toFile());
        List<Query> queries = queries(dashboard);
        System.out.println(queries.size() + " queries in " + DASHBOARD.getFileName());

        try (PrometheusServer prometheus = PrometheusServer.start(work, new PrometheusServer.Setup()
                .scrape("jst-extractor", authority(layout.extractorMetrics()))
                .scrape("jst-transformer", authority(layout.transformerMetrics()))
                .scrape("kafka", authority(layout.brokerMetrics()))
                .scrape("connect", authority(layout.connectMetrics())))) {
            prometheus.awaitTargetsUp();
            List<Query> empty = queries;
            long deadline = System.nanoTime() + ALL_THERE_WITHIN.toNanos();
            while (!empty.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(PrometheusServer.INTERVAL.multipliedBy(2).toMillis());
                List<Query> stillEmpty = new ArrayList<>();
                for (Query query : empty) {
                    if (prometheus.query(query.expr()).isEmpty()) {
                        stillEmpty.add(query);
                    }
                }
                empty = stillEmpty;
            }
            assertThat(empty).as("queries of %s without a series after %d s (Prometheus at %s)", DASHBOARD,
                    ALL_THERE_WITHIN.toSeconds(), prometheus.url()).isEmpty();

            // The freshness the sink measures is a number once rows were written, which the shared layout has done.
            JsonNode newest = prometheus.query("min by (table) (jst_sink_newest_row_age_seconds)");
            System.out.println("newest change per table, seconds: " + newest);
            assertThat(newest).extracting(series -> series.path("metric").path("table").asText())
                    .contains("saleout_list_query", "order_list_query");
            assertThat(newest).allSatisfy(series ->
                    assertThat(Double.parseDouble(series.path("value").get(1).asText())).isPositive());
        }
    }

    @Test
    void everyPanelUsesTheProvisionedDataSource() throws Exception {
        String uid = new YAMLMapper().readTree(DATASOURCES.toFile()).path("datasources").get(0).path("uid").asText();
        JsonNode dashboard = Json.MAPPER.readTree(DASHBOARD.toFile());
        List<String> elsewhere = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (!uid.equals(target.path("datasource").path("uid").asText(panel.path("datasource").path("uid")
                        .asText()))) {
                    elsewhere.add(panel.path("title").asText() + " " + target.path("refId").asText());
                }
            }
        }
        assertThat(elsewhere).as("targets of %s not on data source %s of %s", DASHBOARD, uid, DATASOURCES).isEmpty();
    }

    /**
     * Every panel's targets and every variable's query, with the variables as Grafana sends them when "All" is
     * chosen (their allValue) and $__rate_interval as it would be here. A label_values(metric, label) variable is
     * asked as {@code group by (label) (metric)}.
     */
    private static List<Query> queries(JsonNode dashboard) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("__rate_interval", RATE_INTERVAL));
        List<Query> queries = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String name = variable.path("name").asText();
            values.put(name, variable.path("allValue").asText());
            String query = variable.path("query").path("query").asText(variable.path("query").asText());
            Matcher labelValues = LABEL_VALUES.matcher(query);
            assertThat(labelValues.matches()).as("variable %s's query %s is label_values(metric, label)", name, query)
                    .isTrue();
            queries.add(new Query("variable " + name, "group by (" + labelValues.group(2) + ") ("
                    + labelValues.group(1) + ")"));
        }
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query("panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                        substituted(target.path("expr").asText(), values)));
            }
        }
        assertThat(queries).as("queries of %s", DASHBOARD).hasSizeGreaterThan(20)
                .allSatisfy(query -> assertThat(query.expr()).as(query.where()).isNotBlank());
        return queries;
    }

    private static String substituted(String expr, Map<String, String> values) {
        Matcher variable = VARIABLE.matcher(expr);
        StringBuilder sent = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
            assertThat(values).as("variables for %s", expr).containsKey(name);
            variable.appendReplacement(sent, Matcher.quoteReplacement(values.get(name)));
        }
        return variable.appendTail(sent).toString();
    }

    private static String authority(String url) {
        return URI.create(url).getAuthority();
    }
}
