package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.common.Json;
import io.jstpipeline.ops.DeadLetter;
import io.jstpipeline.ops.DeadLetterReplay;
import io.jstpipeline.ops.DeadLetters;
import io.jstpipeline.ops.PipelineStatus;
import io.jstpipeline.ops.ReplayLedger;
import io.jstpipeline.ops.TopicLayout;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jst-pipeline dlq list|show|replay}: what each stage refused and why, and sending it back into that stage once
 * the cause is fixed.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Dead letters: list the dead-letter topics with their reasons, show their records, replay them "
                + "into the stage that refused them.",
        subcommands = {DlqCommand.Listing.class, DlqCommand.Show.class, DlqCommand.Replay.class})
final class DlqCommand {

    /** How much of a value {@code show} prints without {@code --values}. */
    private static final int SHORT_VALUE = 160;

    /** The Kafka options every subcommand takes. */
    abstract static class OnKafka extends ConfiguredCommand {
        @Mixin
        ServiceOptions.Kafka kafka;

        @Override
        List<ConfigOptions.Source> overrides() {
            return List.of(kafka);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each dead-letter topic with its records, how many were replayed, and its most frequent "
                    + "reasons.")
    static final class Listing extends OnKafka {
        @Option(names = "--reasons", defaultValue = "5", description = "How many reasons per topic (default 5).")
        int reasons;

        @Option(names = "--json", description = "One JSON document instead of lines.")
        boolean json;

        @Override
        int run(PipelineConfig config, PrintWriter out) throws Exception {
            List<String> topics;
            try (Admin admin = Admin.create(config.kafka().properties())) {
                topics = PipelineStatus.deadLetterTopics(admin.listTopics().names().get());
            }
            List<DeadLetters.Summary> summaries = DeadLetters.summarize(config.kafka(), topics,
                    ReplayLedger.read(config.kafka()), reasons);
            if (json) {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summaries));
                return 0;
            }
            for (DeadLetters.Summary summary : summaries) {
                out.printf("%-40s %,d record(s), %,d replayed%n", summary.topic(), summary.records(),
                        summary.replayed());
                summary.reasons().forEach(reason -> out.printf("  %,6d  %s%n", reason.records(), reason.reason()));
                if (summary.others() > 0) {
                    out.printf("          … and %d other reason(s) (--reasons)%n", summary.others());
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "The records of a dead-letter topic: partition, offset, time, key, where each came from, "
                    + "why, its value (shortened unless --values) and whether it was replayed.")
    static final class Show extends OnKafka {
        @Parameters(paramLabel = "TOPIC", description = "jst.dlq.extract, jst.dlq.transform or jst.dlq.sink.<table>.")
        String topic;

        @Option(names = "--partition", description = "Only this partition.")
        Integer partition;

        @Option(names = "--from-offset", defaultValue = "0", description = "The first offset (default 0).")
        long from;

        @Option(names = "--to-offset", description = "The last offset, included (default: the end).")
        Long to;

        @Option(names = "--limit", defaultValue = "20", description = "At most this many records (default 20).")
        int limit;

        @Option(names = "--values", description = "Whole values instead of their first " + SHORT_VALUE + " characters.")
        boolean values;

        @Option(names = "--json", description = "One JSON document instead of lines.")
        boolean json;

        @Override
        int run(PipelineConfig config, PrintWriter out) throws Exception {
            if (DeadLetter.Stage.of(topic).isEmpty()) {
                throw new IllegalArgumentException("TOPIC must be a dead-letter topic: " + topic);
            }
            List<DeadLetter> letters = DeadLetters.read(config.kafka(), topic,
                    new DeadLetters.Range(partition, from, to == null ? Long.MAX_VALUE : to));
            Map<DeadLetter.Place, ReplayLedger.Replay> replays = ReplayLedger.read(config.kafka());
            List<DeadLetter> shown = letters.subList(0, Math.min(limit, letters.size()));
            if (json) {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                        shown.stream().map(letter -> describe(letter, replays.get(letter.place()))).toList()));
                return 0;
            }
            for (DeadLetter letter : shown) {
                out.printf("%s  %s  key %s%n", letter.place(), letter.time(), letter.key());
                out.printf("  from   %s%n", letter.from());
                out.printf("  why    %s%n", letter.reason());
                out.printf("  value  %s%n", value(letter));
                ReplayLedger.Replay replay = replays.get(letter.place());
                if (replay != null) {
                    out.printf("  replayed %s%n", replay);
                }
            }
            out.printf("%d of %d record(s) shown%s%n", shown.size(), letters.size(),
                    shown.size() < letters.size() ? " (--limit, --from-offset)" : "");
            return 0;
        }

        private Map<String, Object> describe(DeadLetter letter, ReplayLedger.Replay replay) {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("topic", letter.topic());
            described.put("partition", letter.partition());
            described.put("offset", letter.offset());
            described.put("time", letter.time().toString());
            described.put("key", letter.key());
            described.put("stage", letter.stage().tag());
            described.put("from", letter.from());
            described.put("reason", letter.reason());
            described.put("table", letter.table());
            described.put("column", letter.column());
            described.put("value", value(letter));
            described.put("headers", letter.headers());
            described.put("replayed", replay == null ? null : replay.toString());
            return described;
        }

        private String value(DeadLetter letter) {
            if (letter.value() == null) {
                return null;
            }
            String value = new String(letter.value(), StandardCharsets.UTF_8);
            return values || value.length() <= SHORT_VALUE ? value : value.substring(0, SHORT_VALUE) + "… ("
                    + letter.value().length + " bytes; --values shows all)";
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Send dead letters back into the stage that refused them, once the cause is fixed: a "
                    + "sink's to the row topic and partition they came from, the transformer's documents to their raw "
                    + "topic (made into rows again even at the version it has), the extractor's to their flow's raw "
                    + "topic when whole and keyed by o_id now.",
                    "Each is recorded in jst.dlq.replayed; one replayed before is skipped unless --force. A sink's "
                            + "dead letter whose row has a newer record in the row topic is skipped.",
                    "A line per dead letter and a summary; exit 1 if any was skipped."})
    static final class Replay extends OnKafka {
        @Parameters(paramLabel = "TOPIC", description = "jst.dlq.extract, jst.dlq.transform or jst.dlq.sink.<table>.")
        String topic;

        @Option(names = "--partition", description = "With the offsets: only this partition.")
        Integer partition;

        @Option(names = "--from-offset", description = "The first offset.")
        Long from;

        @Option(names = "--to-offset", description = "The last offset, included.")
        Long to;

        @Option(names = "--key", description = "The dead letters with this key (a row id, an o_id).")
        String key;

        @Option(names = "--reason-contains", paramLabel = "TEXT", description = "The dead letters whose reason "
                + "contains TEXT.")
        String reasonContains;

        @Option(names = "--force", description = "Replay those replayed before, too.")
        boolean force;

        @Override
        int run(PipelineConfig config, PrintWriter out) throws Exception {
            DeadLetterReplay.Selection selection = new DeadLetterReplay.Selection(partition, from, to, key,
                    reasonContains);
            ensureTopics(config, TopicLayout::replayTopics);
            List<DeadLetterReplay.Outcome> outcomes = new DeadLetterReplay(config.kafka(),
                    System.getProperty("user.name"), Clock.systemUTC())
                    .replay(topic, selection, force, outcome -> out.println(outcome.line()));
            long replayed = outcomes.stream().filter(DeadLetterReplay.Outcome::replayed).count();
            if (outcomes.isEmpty()) {
                out.println("No dead letter of " + topic + " is chosen: nothing replayed.");
                return 1;
            }
            out.printf("%d replayed, %d skipped of %d dead letter(s) chosen in %s%n", replayed,
                    outcomes.size() - replayed, outcomes.size(), topic);
            return replayed == outcomes.size() ? 0 : 1;
        }
    }
}
