package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jstpipeline.app.MetricsEndpoint;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.ops.PipelineGauges;
import io.jstpipeline.ops.ReconcileSchedule;
import io.jstpipeline.sandbox.QimenGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Prometheus scrapes from a process running the pipeline: every metric the alert rules and operators
 * rely on is exported, with real values after a load, and the alert rules use no metric that is not.
 */
class MetricsIT {

    private static final int NOTES = 80;
    private static final int ORDERS = 60;
    /** Ids no other test's documents have, on the pipeline they share. */
    private static final long ID_OFFSET = 3_000_000_000L;
    private static final List<String> TABLES = List.of("saleout_list_query", "order_list_query", "order_item_list_query");
    private static final Path ALERTS = Path.of("../monitoring/alerts.yml");
    /** What the rules read from others than the services: Prometheus's own, and mysqld_exporter's (compose). */
    private static final Set<String> NOT_OURS = Set.of("up", "mysql_up");
    /** A sample line of the Prometheus text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static DemoPipeline pipeline;
    private static MetricsEndpoint endpoint;
    private static PipelineGauges gauges;
    private static String scrape;

    @BeforeAll
    static void loadThePipelineAndScrape() throws Exception {
        pipeline = SharedStack.get();
        endpoint = MetricsEndpoint.start(0,
                MetricsEndpoint.Readiness.when(pipeline::transformerRunning, "the transformer is not running"));
        gauges = new PipelineGauges(pipeline.stack().kafka(), pipeline.stack().connectRest());
        // Days no other test's documents are modified in: theirs lie within the last 60 days.
        LocalDateTime from = QimenTime.now().toLocalDate().minusDays(90).atStartOfDay();
        LocalDateTime to = from.plusDays(5);
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(NOTES, ORDERS, 90L).withRange(from, to)
                .withIdOffset(ID_OFFSET));
             ExtractorService extractor = pipeline.extractor(DemoPipeline.credentialsOf(gateway),
                     QimenCallPolicy.defaults(), "metrics-it", from, PagePool.DEFAULT_CONCURRENCY);
             QimenClient client = new QimenClient(DemoPipeline.credentialsOf(gateway));
             ReconcileSchedule reconciles = new ReconcileSchedule(DemoPipeline.FLOWS, DemoPipeline.MAPPINGS,
                     client, QimenCallPolicy.defaults(), pipeline.tableRows())) {
            // Read as a re-read: the flows' cursors are shared by every IT on the stack and may stand at now.
            assertThat(extractor.runner("saleout").reread(from, to, ExtractionListener.NONE).documents()).isEqualTo(NOTES);
            assertThat(extractor.runner("order").reread(from, to, ExtractionListener.NONE).documents()).isEqualTo(ORDERS);
            // And one incremental run each, which shows the flow's cursor lag.
            extractor.runner("saleout").incremental(ExtractionListener.NONE);
            extractor.runner("order").incremental(ExtractionListener.NONE);
            Map<String, Set<String>> expected = DemoRun.expectedRowIds(gateway.saleouts(), gateway.orders());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (Map.Entry<String, Set<String>> table : expected.entrySet()) {
                    if (!pipeline.tableRows().ids(table.getKey(), "id").containsAll(table.getValue())) {
                        return false;
                    }
                }
                return true;
            });
            reconciles.reconcile(from, to);
            // The sink groups show in the lag gauges once Connect has committed their offsets.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                gauges.refresh();
                scrape = get("/metrics").body();
                return !samples("jst_consumer_lag_records").isEmpty();
            });
        }
    }

    @AfterAll
    static void stop() {
        if (gauges != null) {
            gauges.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void theExtractorsApiCallsPagesDocumentsAndCursorAreCounted() {
        assertThat(sum("jst_api_calls_total", "outcome=\"ok\"", "method=\"jushuitan.saleout.list.query\"")).isPositive();
        assertThat(sum("jst_api_calls_total", "outcome=\"ok\"", "method=\"jushuitan.order.list.query\"")).isPositive();
        assertThat(samples("jst_api_retries_total")).isNotEmpty();
        assertThat(sum("jst_api_rate_limit_wait_seconds_count")).isPositive();
        assertThat(samples("jst_api_rate_limit_wait_seconds_sum")).isNotEmpty();
        assertThat(samples("jst_api_rate_limit_wait_seconds_max")).isNotEmpty();
        for (String flow : List.of("saleout", "order")) {
            String label = "flow=\"" + flow + "\"";
            assertThat(sum("jst_extractor_pages_total", label)).as(flow).isPositive();
            assertThat(sum("jst_extractor_documents_total", label)).as(flow)
                    .isGreaterThanOrEqualTo(flow.equals("saleout") ? NOTES : ORDERS);
            assertThat(samples("jst_extractor_window_rereads_total", label)).as(flow).isNotEmpty();
            // The cursor is at most a few minutes behind China time after an incremental run.
            assertThat(sum("jst_extractor_cursor_lag_seconds", label)).as(flow).isBetween(0.0, 600.0);
            assertThat(samples("jst_extractor_flow_stopped", label)).as(flow).containsExactly(0.0);
        }
        assertThat(sum("kafka_producer_record_send_total")).isPositive();
    }

    @Test
    void theTransformerCountsRowsPerTableAndShowsItsStreamsMetrics() {
        for (String table : TABLES) {
            assertThat(sum("jst_transformer_rows_total", "table=\"" + table + "\"")).as(table).isPositive();
        }
        assertThat(sum("kafka_stream_alive_stream_threads")).isPositive();
    }

    @Test
    void thePipelineGaugesShowDeadLettersConnectorTasksLagAndReconciliation() {
        assertThat(samples("jst_dead_letters", "stage=\"transform\"", "topic=\"jst.dlq.transform\"")).hasSize(1);
        assertThat(samples("jst_dead_letters", "stage=\"sink\"")).isNotEmpty();
        assertThat(sum("jst_connector_tasks", "connector=\"jst-sink-saleout_list_query\"", "state=\"RUNNING\""))
                .isPositive();
        // Only this pipeline's own connectors: other ITs on the shared worker break theirs on purpose.
        for (String table : TABLES) {
            String connector = "connector=\"" + SinkConnectors.name(table) + "\"";
            assertThat(sum("jst_connector_tasks", connector, "state=\"FAILED\"")).as(table).isZero();
        }
        assertThat(samples("jst_consumer_lag_records", "group=\"connect-jst-sink-saleout_list_query\"")).isNotEmpty();
        // What the scheduled reconciliation found over this test's days: MySQL matches the API.
        for (String table : TABLES) {
            assertThat(samples("jst_reconcile_missing_rows", "table=\"" + table + "\"")).as(table).containsExactly(0.0);
            assertThat(samples("jst_reconcile_extra_rows", "table=\"" + table + "\"")).as(table).containsExactly(0.0);
        }
    }

    @Test
    void jvmAndProcessMetricsAreThere() {
        assertThat(sum("jvm_memory_used_bytes")).isPositive();
        assertThat(sum("process_uptime_seconds")).isPositive();
    }

    @Test
    void healthAndReadinessAnswer200() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void everyMetricTheAlertRulesUseIsExported() throws Exception {
        JsonNode rules = new YAMLMapper().readTree(ALERTS.toFile());
        List<String> exprs = new ArrayList<>();
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> exprs.add(rule.path("expr").asText())));
        assertThat(exprs).isNotEmpty().doesNotContain("");
        Set<String> exported = exportedNames();
        for (String expr : exprs) {
            Set<String> used = new TreeSet<>(PromQl.metricNames(expr));
            assertThat(used).as(expr).isNotEmpty();
            used.removeAll(NOT_OURS);
            assertThat(exported).as("metrics used by %s", expr).containsAll(used);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> exportedNames() {
        Set<String> names = new TreeSet<>();
        scrape.lines().map(SAMPLE::matcher).filter(Matcher::find).forEach(m -> names.add(m.group(1)));
        return names;
    }

    /** The values of {@code name}'s samples whose labels include every one of {@code labels}. */
    private static List<Double> samples(String name, String... labels) {
        List<Double> values = new ArrayList<>();
        scrape.lines().forEach(line -> {
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && m.group(1).equals(name)) {
                String labelSet = m.group(2) == null ? "" : m.group(2);
                for (String label : labels) {
                    if (!labelSet.contains(label)) {
                        return;
                    }
                }
                values.add(Double.parseDouble(m.group(3)));
            }
        });
        return values;
    }

    private static double sum(String name, String... labels) {
        List<Double> values = samples(name, labels);
        assertThat(values).as("samples of %s with %s", name, List.of(labels)).isNotEmpty();
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }
}
