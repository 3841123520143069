package io.jstpipeline.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends chosen dead letters back into the stage that refused them, once the operator has fixed why: a sink's to the
 * row topic and partition they came from, the transformer's documents to their raw topic and partition, the
 * extractor's documents to their flow's raw topic keyed by {@code o_id}. Each carries {@link Topics#REPLAY_OF}, and
 * goes in one transaction with its record in the {@link ReplayLedger}, so a dead letter is replayed once: a second
 * time only when forced. A sink's dead letter whose row has a newer record in the row topic is never replayed: the
 * compacted topic, and any consumer reading it again, would end with the older row.
 */
public final class DeadLetterReplay {

    /** The producer's transactional id: one replay at a time, a second one fences the first. */
    static final String TRANSACTIONAL_ID = "jst-dlq-replay";
    /** The extractor's key of a document's raw record. */
    private static final String DOCUMENT_KEY = "o_id";

    /**
     * Which dead letters of a topic: by offsets (in one partition or all), by key, or by a part of the reason.
     *
     * @param to the last offset, included
     */
    public record Selection(Integer partition, Long from, Long to, String key, String reasonContains) {

        /** @throws IllegalArgumentException naming the options, unless exactly one way of choosing is given */
        public Selection {
            int ways = (from != null || to != null ? 1 : 0) + (key != null ? 1 : 0) + (reasonContains != null ? 1 : 0);
            if (ways != 1) {
                throw new IllegalArgumentException("choose the dead letters one way: --from-offset and --to-offset "
                        + "(with --partition), --key, or --reason-contains");
            }
            if ((from == null) != (to == null)) {
                throw new IllegalArgumentException("--from-offset and --to-offset go together");
            }
            if (from != null && (from < 0 || to < from)) {
                throw new IllegalArgumentException("--to-offset (" + to + ") must be at or after --from-offset ("
                        + from + "), both at least 0");
            }
            if (partition != null && from == null) {
                throw new IllegalArgumentException("--partition goes with --from-offset and --to-offset");
            }
        }

        DeadLetters.Range range() {
            return from == null ? DeadLetters.Range.ALL : new DeadLetters.Range(partition, from, to);
        }

        boolean matches(DeadLetter letter) {
            if (key != null) {
                return key.equals(letter.key());
            }
            return reasonContains == null || (letter.reason() != null && letter.reason().contains(reasonContains));
        }
    }

    /** What became of one dead letter: replayed to a place, or skipped and why. */
    public record Outcome(DeadLetter letter, DeadLetter.Place to, String skipped) {

        public boolean replayed() {
            return to != null;
        }

        public String line() {
            String which = letter.place() + " (key " + letter.key() + ")";
            return replayed() ? "replayed " + which + " to " + to : "skipped  " + which + ": " + skipped;
        }
    }

    /** A dead letter to send, or why not. */
    record Planned(DeadLetter letter, ProducerRecord<byte[], byte[]> record, String skipped) {
        static Planned skip(DeadLetter letter, String why) {
            return new Planned(letter, null, why);
        }
    }

    private final KafkaConnection kafka;
    private final String user;
    private final Clock clock;

    /** @param user who replays, for the ledger: the operating-system user running the command */
    public DeadLetterReplay(KafkaConnection kafka, String user, Clock clock) {
        this.kafka = kafka;
        this.user = user;
        this.clock = clock;
    }

    /**
     * Replays the dead letters of {@code topic} that {@code selection} chooses, reporting each outcome as it is
     * known (after the transaction's commit for those replayed).
     *
     * @param force replay those the ledger says were replayed already
     * @throws IllegalArgumentException when {@code topic} is no dead-letter topic
     */
    public List<Outcome> replay(String topic, Selection selection, boolean force, Consumer<Outcome> each) {
        if (DeadLetter.Stage.of(topic).isEmpty()) {
            throw new IllegalArgumentException("TOPIC must be a dead-letter topic (" + Topics.EXTRACT_DLQ + ", "
                    + Topics.TRANSFORM_DLQ + ", " + Topics.sinkDlq("<table>") + "): " + topic);
        }
        List<DeadLetter> letters = DeadLetters.read(kafka, topic, selection.range()).stream()
                .filter(selection::matches).toList();
        List<Planned> plan = plan(letters, ReplayLedger.read(kafka), force);
        plan = skipOlderThanTheirRowTopic(plan);
        List<Outcome> outcomes = send(plan);
        outcomes.forEach(each);
        return outcomes;
    }

    /** What to send for each dead letter, or why it is skipped: all but the row topics' newer records. */
    static List<Planned> plan(List<DeadLetter> letters, Map<DeadLetter.Place, ReplayLedger.Replay> replays,
                              boolean force) {
        List<Planned> plan = new ArrayList<>();
        for (DeadLetter letter : letters) {
            ReplayLedger.Replay earlier = replays.get(letter.place());
            if (earlier != null && !force) {
                plan.add(Planned.skip(letter, "already replayed " + earlier + " (--force replays it again)"));
                continue;
            }
            plan.add(switch (letter.stage()) {
                case SINK -> letter.source()
                        .map(row -> new Planned(letter, new ProducerRecord<>(row.topic(), row.partition(),
                                bytes(letter.key()), letter.value()), null))
                        .orElseGet(() -> Planned.skip(letter, "no __connect.errors.topic, .partition and .offset "
                                + "headers (errors.deadletterqueue.context.headers.enable is off): its row topic "
                                + "is unknown"));
                case TRANSFORM -> planDocument(letter);
                case EXTRACT -> planExtracted(letter);
            });
        }
        return plan;
    }

    /** The transformer's document back to its raw topic and partition, where its earlier versions are. */
    private static Planned planDocument(DeadLetter letter) {
        if (letter.source().isEmpty()) {
            return Planned.skip(letter, "no jst.source.topic, .partition and .offset headers: its raw topic is unknown");
        }
        String documentKey = documentKey(letter.value());
        if (documentKey == null) {
            return Planned.skip(letter, "not a JSON document with an " + DOCUMENT_KEY + ": the transformer would refuse "
                    + "it again; extract it again once the source is fixed");
        }
        DeadLetter.Place raw = letter.source().get();
        return new Planned(letter, new ProducerRecord<>(raw.topic(), raw.partition(), bytes(documentKey),
                letter.value()), null);
    }

    /** The extractor's document to its flow's raw topic, when it is whole and has a key now. */
    private static Planned planExtracted(DeadLetter letter) {
        String flow = letter.headers().get("jst.source.flow");
        String sent = letter.headers().get("jst.document.bytes");
        if (flow == null) {
            return Planned.skip(letter, "no jst.source.flow header: its raw topic is unknown");
        }
        if (sent != null && letter.value().length < Long.parseLong(sent)) {
            return Planned.skip(letter, "only the first " + letter.value().length + " of its " + sent + " bytes were "
                    + "kept; extract its window again (" + letter.from() + ") once the raw topic takes it");
        }
        String documentKey = documentKey(letter.value());
        if (documentKey == null) {
            return Planned.skip(letter, "the document still has no " + DOCUMENT_KEY + " to key its record");
        }
        return new Planned(letter, new ProducerRecord<>(Topics.raw(flow), null, bytes(documentKey), letter.value()),
                null);
    }

    /**
     * Skips each sink dead letter whose row has a record in its row topic after the refused one (other than an
     * earlier replay of the same dead letter): replayed, the refused, older row would be the last of its key.
     */
    private List<Planned> skipOlderThanTheirRowTopic(List<Planned> plan) {
        Map<String, Long> fromByPartition = new LinkedHashMap<>();
        for (Planned planned : plan) {
            if (planned.record() != null && planned.letter().stage() == DeadLetter.Stage.SINK) {
                DeadLetter.Place row = planned.letter().source().orElseThrow();
                fromByPartition.merge(row.topic() + "/" + row.partition(), row.offset() + 1, Math::min);
            }
        }
        Map<String, List<ConsumerRecord<byte[], byte[]>>> later = new HashMap<>();
        fromByPartition.forEach((partition, from) -> {
            DeadLetter.Place start = ReplayLedger.place(partition + "/" + from);
            DeadLetters.scan(kafka, start.topic(), new DeadLetters.Range(start.partition(), from, Long.MAX_VALUE),
                    record -> later.computeIfAbsent(partition, p -> new ArrayList<>()).add(record));
        });
        return plan.stream().map(planned -> {
            if (planned.record() == null || planned.letter().stage() != DeadLetter.Stage.SINK) {
                return planned;
            }
            DeadLetter.Place row = planned.letter().source().orElseThrow();
            String newer = newerRecord(planned.letter(), row,
                    later.getOrDefault(row.topic() + "/" + row.partition(), List.of()));
            return newer == null ? planned : Planned.skip(planned.letter(), newer);
        }).toList();
    }

    /** Why {@code letter}, refused at {@code row}, must not be replayed over {@code later} records, or null. */
    static String newerRecord(DeadLetter letter, DeadLetter.Place row, List<ConsumerRecord<byte[], byte[]>> later) {
        String self = letter.place().toString();
        for (ConsumerRecord<byte[], byte[]> record : later) {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            Header replayOf = record.headers().lastHeader(Topics.REPLAY_OF);
            boolean itsOwnReplay = replayOf != null && self.equals(new String(replayOf.value(), StandardCharsets.UTF_8));
            if (record.offset() > row.offset() && key != null && key.equals(letter.key()) && !itsOwnReplay) {
                return "the row topic has a newer record of key " + key + " at " + new DeadLetter.Place(record.topic(),
                        record.partition(), record.offset()) + " than the refused one at " + row + ": replayed, the "
                        + "older row would be the last of its key";
            }
        }
        return null;
    }

    /**
     * Sends the planned records with their ledger records in one transaction; a document several dead letters share
     * (the transformer's rows of one document) goes once, and each of them is recorded as replayed to it.
     */
    private List<Outcome> send(List<Planned> plan) {
        if (plan.stream().allMatch(p -> p.record() == null)) {
            return plan.stream().map(p -> new Outcome(p.letter(), null, p.skipped())).toList();
        }
        Instant at = clock.instant();
        Properties props = kafka.properties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        List<Outcome> outcomes = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                Map<DeadLetter.Place, DeadLetter.Place> sentSources = new HashMap<>();
                for (Planned planned : plan) {
                    if (planned.record() == null) {
                        outcomes.add(new Outcome(planned.letter(), null, planned.skipped()));
                        continue;
                    }
                    DeadLetter.Place source = planned.letter().stage() == DeadLetter.Stage.TRANSFORM
                            ? planned.letter().source().orElseThrow() : null;
                    DeadLetter.Place to = source == null ? null : sentSources.get(source);
                    if (to == null) {
                        to = place(producer.send(withReplayHeaders(planned, at)).get());
                        if (source != null) {
                            sentSources.put(source, to);
                        }
                    }
                    producer.send(ReplayLedger.record(new ReplayLedger.Replay(planned.letter().place(), at, user, to)));
                    outcomes.add(new Outcome(planned.letter(), to, null));
                }
                producer.commitTransaction();
            } catch (KafkaException | java.util.concurrent.ExecutionException e) {
                producer.abortTransaction();
                throw new IllegalStateException("nothing replayed, the transaction aborted: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                producer.abortTransaction();
                throw new IllegalStateException("nothing replayed: interrupted", e);
            }
        }
        return outcomes;
    }

    private ProducerRecord<byte[], byte[]> withReplayHeaders(Planned planned, Instant at) {
        ProducerRecord<byte[], byte[]> record = planned.record();
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.REPLAY_OF, bytes(planned.letter().place().toString()));
        headers.add("jst.replay.at", bytes(at.toString()));
        headers.add("jst.replay.by", bytes(user));
        return new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value(), headers);
    }

    private static DeadLetter.Place place(RecordMetadata sent) {
        return new DeadLetter.Place(sent.topic(), sent.partition(), sent.offset());
    }

    /** The document's {@code o_id} as the extractor keys it, or null when it is no JSON object with one. */
    private static String documentKey(byte[] document) {
        try {
            JsonNode json = Json.MAPPER.readTree(document);
            JsonNode key = json == null ? null : json.get(DOCUMENT_KEY);
            return key == null || !key.isValueNode() || key.asText().isEmpty() ? null : key.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
