package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.ops.ConsumerLag;
import io.jstpipeline.ops.ReconcileSchedule;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.transformer.TransformerService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reconcile} as an operator runs it, against notes loaded through the live pipeline. */
class ReconcileCommandIT {

    private static final String TABLE = DemoPipeline.TABLE.name();
    private static final int NOTES = 300;
    /** Ids no other test's documents have, on the pipeline they share. */
    private static final long ID_OFFSET = 2_000_000_000L;
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(3);

    private record Run(int exit, String out) {
    }

    @TempDir
    Path dir;

    @Test
    void rowsDeletedBehindThePipelinesBackAreNamedAndRepairedUntilMySqlMatchesAgain() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        // Days no other test's documents are modified in: theirs lie within the last 40 days.
        LocalDate from = QimenTime.now().toLocalDate().minusDays(60);
        LocalDate to = from.plusDays(15);
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(NOTES, 0, 60L)
                .withRange(from.atStartOfDay(), to.atStartOfDay()).withIdOffset(ID_OFFSET));
             ExtractorService extractor = pipeline.extractor(DemoPipeline.credentialsOf(gateway),
                     QimenCallPolicy.defaults(), "reconcile-it", from.atStartOfDay(), PagePool.DEFAULT_CONCURRENCY)) {
            List<ObjectNode> ours = gateway.saleouts();
            Set<String> expected = DemoRun.expectedRowIds(ours, List.of()).get(TABLE);
            assertThat(extractor.runner("saleout").backfill(from.atStartOfDay(), to.atStartOfDay(),
                    ExtractionListener.NONE).documents()).isEqualTo(ours.size());
            await().atMost(LOAD_TIMEOUT).until(() -> rowsIn(pipeline, from, to) == expected.size());
            List<String> args = args(gateway, pipeline, from, to);

            Run matching = reconcile(args);
            assertThat(matching.exit()).as(matching.out()).isZero();
            assertThat(matching.out()).contains("missing 0, extra 0").contains("OK: MySQL matches the API")
                    .containsPattern("Summary: saleout \\[.*\\), 3 windows: " + String.format("%,d", expected.size())
                            + " rows expected");

            List<String> sorted = new ArrayList<>(new TreeSet<>(expected));
            List<String> deleted = List.of(sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
            String restoredLater = rowText(pipeline, deleted);
            assertThat(restoredLater.lines()).hasSize(3);
            execute(pipeline, "DELETE FROM " + TABLE + " WHERE id IN " + inList(deleted));

            Run differing = reconcile(with(args, "--json"));
            assertThat(differing.exit()).as(differing.out()).isEqualTo(1);
            JsonNode report = Json.MAPPER.readTree(differing.out());
            assertThat(report.get("matches").asBoolean()).isFalse();
            assertThat(idsOf(report, "missing")).containsExactlyInAnyOrderElementsOf(deleted);
            assertThat(idsOf(report, "extra")).isEmpty();

            // The same check on the extractor's schedule (extract --reconcile-every) reports it loudly.
            try (QimenClient client = new QimenClient(DemoPipeline.credentialsOf(gateway));
                 CapturedLogs logs = new CapturedLogs();
                 ReconcileSchedule schedule = new ReconcileSchedule(List.of(FlowCatalog.builtIn().flow("saleout")),
                         DemoPipeline.MAPPINGS, client, QimenCallPolicy.defaults(), pipeline.tableRows())) {
                schedule.reconcile(from.atStartOfDay(), to.atStartOfDay());
                assertThat(schedule.lastRuns().get("saleout").missing()).isEqualTo(3);
                assertThat(logs.text()).contains("ERROR").contains("3 rows missing");
            }

            // The pipeline's own re-sync reads the documents again, and the transformer drops their seen versions.
            extractor.runner("saleout").reread(from.atStartOfDay(), to.atStartOfDay(), ExtractionListener.NONE);
            await().atMost(LOAD_TIMEOUT).until(() -> transformerLag(pipeline) == 0);
            assertThat(rowText(pipeline, deleted)).isEmpty();

            Run repairing = reconcile(with(args, "--repair"));
            assertThat(repairing.exit()).as("differences were found").isEqualTo(1);
            assertThat(repairing.out()).contains(deleted).contains("3 missing, 0 extra, 3 repaired, 0 removed");
            await().atMost(LOAD_TIMEOUT).until(() -> rowText(pipeline, deleted).equals(restoredLater));

            Run repaired = reconcile(args);
            assertThat(repaired.exit()).as(repaired.out()).isZero();
        }
    }

    /** {@code jst-pipeline reconcile …} as an operator runs it. */
    private static Run reconcile(List<String> args) {
        StringWriter out = new StringWriter();
        List<String> command = new java.util.ArrayList<>(List.of("reconcile"));
        command.addAll(args);
        int exit = JstPipeline.commandLine().setOut(new PrintWriter(out, true))
                .execute(command.toArray(String[]::new));
        return new Run(exit, out.toString());
    }

    private List<String> args(QimenGateway gateway, DemoPipeline pipeline, LocalDate from, LocalDate to)
            throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, gateway.appSecret());
        DatabaseTarget database = pipeline.stack().database();
        return List.of("--flow", "saleout", "--from", from.toString(), "--to", to.toString(),
                "--gateway-url", gateway.gatewayUrl(), "--app-key", gateway.appKey(),
                "--customer-id", gateway.customerId(), "--app-secret-file", secret.toString(),
                "--bootstrap-servers", pipeline.stack().bootstrapServers(),
                "--mysql-url", database.jdbcUrl(), "--mysql-user", database.user(),
                "--mysql-password", database.password());
    }

    private static List<String> with(List<String> args, String option) {
        List<String> more = new ArrayList<>(args);
        more.add(option);
        return more;
    }

    private static List<String> idsOf(JsonNode report, String difference) {
        List<String> ids = new ArrayList<>();
        report.get("windows").forEach(window -> window.get(difference).forEach(id -> ids.add(id.asText())));
        return ids;
    }

    private static long rowsIn(DemoPipeline pipeline, LocalDate from, LocalDate to) throws Exception {
        try (Connection c = pipeline.tableRows().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + TABLE + " WHERE modified >= '"
                     + from + "' AND modified < '" + to + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The rows' values, one line each in id order, to tell a restored row from the deleted one. */
    private static String rowText(DemoPipeline pipeline, List<String> ids) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = pipeline.tableRows().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT CONCAT_WS('|', id, io_id, o_id, modified, "
                     + "pay_amount, items_name, items_qty, items_sale_amount, ts) FROM " + TABLE + " WHERE id IN "
                     + inList(ids) + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return String.join("\n", rows);
    }

    private static void execute(DemoPipeline pipeline, String sql) throws Exception {
        try (Connection c = pipeline.tableRows().connect()) {
            c.createStatement().execute(sql);
        }
    }

    private static String inList(List<String> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ", "(", ")"));
    }

    private static long transformerLag(DemoPipeline pipeline) throws Exception {
        try (Admin admin = pipeline.stack().admin()) {
            return ConsumerLag.of(admin, pipeline.stack().kafka(), TransformerService.DEFAULT_APPLICATION_ID,
                    List.of(Topics.raw("saleout")));
        }
    }
}
