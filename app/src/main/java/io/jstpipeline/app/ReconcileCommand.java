package io.jstpipeline.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.ops.Reconciliation;
import io.jstpipeline.ops.Reconciliation.TableResult;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.ops.check.Component;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jst-pipeline reconcile}: the API's documents against the rows in MySQL, window by window. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Compare one flow's documents modified in [--from, --to) (China time) in the API with the rows "
                + "in MySQL, window by window, for every table that reads the flow.",
                "A window's rows in MySQL are those whose modified lies in it, so a document changed since is "
                        + "compared where it now lives. Exit 0 when everything matches, 1 on any missing or extra row.",
                "--repair writes the missing rows again, from the API's documents, into their row topics (on "
                        + "--bootstrap-servers), for the sink to upsert, and a tombstone for each extra row whose "
                        + "document the window holds but no longer makes it (its delete was missed); an extra row of "
                        + "a document the window does not hold is only reported."})
final class ReconcileCommand extends ConfiguredCommand {

    /** Ids shown per difference in the text output; --json lists them all. */
    private static final int IDS_SHOWN = 20;

    @Mixin
    ExtractorOptions extractor;

    @Mixin
    ServiceOptions.FlowDays days;

    @Mixin
    ServiceOptions.Database database;

    @Mixin
    ServiceOptions.Tables tables;

    @Option(names = "--repair", description = "Write the missing rows again into their row topics.")
    boolean repair;

    @Option(names = "--json", description = "One JSON document with every id instead of lines.")
    boolean json;

    /** Kafka only to --repair. */
    @Override
    Set<Component> needs() {
        return repair ? EnumSet.of(Component.KAFKA, Component.MYSQL, Component.GATEWAY)
                : EnumSet.of(Component.MYSQL, Component.GATEWAY);
    }

    @Override
    List<ConfigOptions.Source> overrides() {
        return List.of(extractor, database, tables);
    }

    @Override
    int run(PipelineConfig config, PrintWriter out) throws Exception {
        String flow = days.checked().flow;
        FlowDefinition definition = config.flowCatalog().flow(flow);
        TableRows rows = new TableRows(config.database());
        List<TableResult> results;
        // A policy of its own: an extractor running meanwhile spends the same per-merchant limits, and the
        // gateway's refusals for them (codes 199, 200) are retried.
        try (QimenClient client = new QimenClient(config.credentials(), ExtractorOptions.clientOptions(config));
             Producer<String, String> producer = repair ? producer(config.kafka()) : null) {
            Reconciliation reconciliation = new Reconciliation(definition, config.mappings(), client,
                    ExtractorOptions.callPolicy(config), rows, producer);
            if (!json) {
                out.printf("Reconciling %s [%s, %s) with %s%n", flow, days.from, days.to,
                        String.join(", ", reconciliation.tables()));
            }
            results = reconciliation.run(days.start(), days.end(), json ? r -> { } : r -> print(r, out));
        }
        boolean matches = results.stream().allMatch(TableResult::matches);
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document(results, matches)));
        } else {
            summarize(results, matches, out);
        }
        return matches ? 0 : 1;
    }

    private static Producer<String, String> producer(KafkaConnection kafka) {
        return new KafkaProducer<>(kafka.properties(), new StringSerializer(), new StringSerializer());
    }

    private static void print(TableResult result, PrintWriter out) {
        out.printf("%s %s: expected %,d, in MySQL %,d, missing %,d, extra %,d%n", result.window(), result.table(),
                result.expected(), result.inMySql(), result.missing().size(), result.extra().size());
        printIds("missing", result.missing(), out);
        printIds("extra", result.extra(), out);
        if (result.repaired() > 0) {
            out.printf("  repaired: %,d written again to %s%n", result.repaired(), Topics.rows(result.table()));
        }
        if (result.removed() > 0) {
            out.printf("  removed: %,d tombstones written to %s%n", result.removed(), Topics.rows(result.table()));
        }
    }

    private static void printIds(String what, List<String> ids, PrintWriter out) {
        if (ids.isEmpty()) {
            return;
        }
        String shown = String.join(", ", ids.subList(0, Math.min(IDS_SHOWN, ids.size())));
        out.printf("  %s: %s%s%n", what, shown, ids.size() > IDS_SHOWN
                ? String.format(" … and %,d more (--json lists all)", ids.size() - IDS_SHOWN) : "");
    }

    private void summarize(List<TableResult> results, boolean matches, PrintWriter out) {
        long windows = results.stream().map(TableResult::window).distinct().count();
        long differing = results.stream().filter(r -> !r.matches()).map(TableResult::window).distinct().count();
        out.printf("Summary: %s [%s, %s), %d windows: %,d rows expected, %,d in MySQL, %,d missing, %,d extra%s%n",
                days.flow, days.from, days.to, windows, sum(results, TableResult::expected), sum(results, TableResult::inMySql),
                sum(results, r -> r.missing().size()), sum(results, r -> r.extra().size()),
                repair ? String.format(", %,d repaired, %,d removed", sum(results, TableResult::repaired),
                        sum(results, TableResult::removed)) : "");
        out.println(matches ? "OK: MySQL matches the API"
                : String.format("DIFFERENCES in %d of %d windows", differing, windows));
    }

    private ObjectNode document(List<TableResult> results, boolean matches) {
        ObjectNode document = Json.MAPPER.createObjectNode().put("flow", days.flow)
                .put("from", days.from.toString()).put("to", days.to.toString()).put("matches", matches);
        ArrayNode windows = document.putArray("windows");
        for (TableResult result : results) {
            ObjectNode line = windows.addObject()
                    .put("start", QimenTime.format(result.window().start()))
                    .put("end", QimenTime.format(result.window().end()))
                    .put("table", result.table())
                    .put("expected", result.expected())
                    .put("inMySql", result.inMySql())
                    .put("repaired", result.repaired())
                    .put("removed", result.removed());
            result.missing().forEach(line.putArray("missing")::add);
            result.extra().forEach(line.putArray("extra")::add);
        }
        return document;
    }

    private static long sum(List<TableResult> results, ToIntFunction<TableResult> count) {
        return results.stream().mapToLong(count::applyAsInt).sum();
    }
}
