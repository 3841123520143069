package io.jstpipeline.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.qimen.QimenTime;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Values a real ERP sends that no table takes as they are, put into a share of the generated documents (one mess
 * each), with the truth about each: what its rows should hold once cleaned, or the dead letter it should give.
 * The expectations follow the shipped mapping's rules: optional dates NULL, free text cut, duplicate items to the
 * dead-letter topic.
 */
public final class MessyValues {

    /** One kind of mess. */
    public enum Mess {
        /** An optional date sent as {@code 0000-00-00 00:00:00}, as MySQL-backed ERPs send "not yet". */
        ZERO_DATE,
        /** An optional date sent as an empty string. */
        EMPTY_DATE,
        /** An amount with thousands separators, {@code 1,234.50}. */
        THOUSANDS_SEPARATOR,
        /** A remark longer than its column. */
        LONG_TEXT,
        /** An item sent twice in one document under the same id, the copy with another quantity. */
        DUPLICATE_ITEM,
        /** A document whose {@code modified} is a day ahead of now: a clock set wrong at the source. */
        FUTURE_MODIFIED;

        /** As the command line spells it. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Mess ofKey(String key) {
            for (Mess mess : values()) {
                if (mess.key().equals(key.strip().toLowerCase(Locale.ROOT))) {
                    return mess;
                }
            }
            throw new IllegalArgumentException("unknown messy kind '" + key + "' (expected one of "
                    + EnumSet.allOf(Mess.class).stream().map(Mess::key).toList() + ")");
        }
    }

    /** What a messy document's rows should end as. */
    public enum Outcome {
        /** In its tables, the field's column NULL. */
        NULL,
        /** In its tables, the field's column cut to the column's length. */
        TRUNCATED,
        /** In its tables, the field's column holding {@link MessyDocument#expected()}. */
        VALUE,
        /** The element's row in the dead-letter topic with {@link MessyDocument#expected()} in its reason; the rest in its tables. */
        DEAD_LETTER,
        /** In its tables as sent. */
        AS_SENT
    }

    /**
     * How messy the data set is.
     *
     * @param chance which documents carry a mess: each with its probability, decided from its seed
     * @param kinds  the messes to choose from, one per messy document
     */
    public record Messiness(Chance chance, Set<Mess> kinds) {

        private static final Messiness NONE = new Messiness(Chance.never(), EnumSet.allOf(Mess.class));

        public Messiness {
            Objects.requireNonNull(chance, "chance");
            if (kinds.isEmpty() && !chance.isNever()) {
                throw new IllegalArgumentException("messy documents need at least one kind of mess");
            }
            kinds = Set.copyOf(kinds);
        }

        public static Messiness none() {
            return NONE;
        }

        public boolean isNone() {
            return chance.isNever();
        }

        @Override
        public String toString() {
            return chance + " of " + kinds.stream().sorted().map(Mess::key).toList();
        }
    }

    /**
     * One messy document and its truth.
     *
     * @param flow       {@code saleout} or {@code order}
     * @param field      the document's field that carries the mess
     * @param sent       the value as sent (of a duplicate item, the copy's JSON)
     * @param becomes    what its rows should end as
     * @param expected   for {@link Outcome#VALUE} the value, for {@link Outcome#DEAD_LETTER} the reason; else null
     */
    public record MessyDocument(String flow, String documentId, Mess mess, String field, String sent, Outcome becomes,
                                String expected) {
    }

    /** Beyond every remark column's length in the shipped mapping (500). */
    private static final int LONG_TEXT_LENGTH = 600;
    private static final String ZERO_DATE = "0000-00-00 00:00:00";

    private MessyValues() {
    }

    /**
     * Puts a mess into each document of {@code kind} that {@code messiness} picks, in place.
     *
     * @param now the time a day-ahead {@code modified} is counted from
     */
    static List<MessyDocument> apply(Messiness messiness, DocumentKind kind, List<ObjectNode> documents,
                                     LocalDateTime now) {
        List<MessyDocument> messy = new ArrayList<>();
        if (messiness.isNone()) {
            return messy;
        }
        List<Mess> kinds = messiness.kinds().stream().sorted().toList();
        // The flows draw apart, so that the n-th note and the n-th order are not messy together.
        long flowOffset = (long) kind.ordinal() << 32;
        for (int i = 0; i < documents.size(); i++) {
            long occasion = flowOffset + i;
            if (messiness.chance().happens(occasion)) {
                Mess mess = kinds.get(messiness.chance().choose(occasion, kinds.size()));
                MessyDocument made = mess(mess, kind, documents.get(i), now);
                if (made != null) {
                    messy.add(made);
                }
            }
        }
        return messy;
    }

    /** The mess made in {@code document}, or null when it has nothing to make it in (no items to repeat). */
    private static MessyDocument mess(Mess mess, DocumentKind kind, ObjectNode document, LocalDateTime now) {
        String flow = kind == DocumentKind.SALEOUT ? "saleout" : "order";
        String id = document.path(kind.idField()).asText();
        switch (mess) {
            case ZERO_DATE -> {
                String field = kind == DocumentKind.SALEOUT ? "io_date" : "send_date";
                document.put(field, ZERO_DATE);
                return new MessyDocument(flow, id, mess, field, ZERO_DATE, Outcome.NULL, null);
            }
            case EMPTY_DATE -> {
                document.put("pay_date", "");
                return new MessyDocument(flow, id, mess, "pay_date", "", Outcome.NULL, null);
            }
            case THOUSANDS_SEPARATOR -> {
                BigDecimal amount = new BigDecimal(document.path("pay_amount").asText("0")).add(BigDecimal.valueOf(1000));
                String sent = String.format(Locale.ROOT, "%,.2f", amount);
                document.put("pay_amount", sent);
                return new MessyDocument(flow, id, mess, "pay_amount", sent, Outcome.VALUE, amount.toPlainString());
            }
            case LONG_TEXT -> {
                String sent = ("客户要求：" + id + "，").repeat(LONG_TEXT_LENGTH).substring(0, LONG_TEXT_LENGTH);
                document.put("remark", sent);
                return new MessyDocument(flow, id, mess, "remark", sent, Outcome.TRUNCATED, null);
            }
            case DUPLICATE_ITEM -> {
                ArrayNode items = document.withArray("items");
                if (items.isEmpty()) {
                    return null;
                }
                String idField = kind == DocumentKind.SALEOUT ? "ioi_id" : "oi_id";
                ObjectNode copy = ((ObjectNode) items.get(0)).deepCopy();
                copy.put("qty", copy.path("qty").asInt() + 1);
                items.add(copy);
                return new MessyDocument(flow, id, mess, "items", copy.toString(), Outcome.DEAD_LETTER,
                        "duplicate id " + copy.path(idField).asText() + " in document " + id);
            }
            case FUTURE_MODIFIED -> {
                String sent = QimenTime.format(now.plusDays(1));
                document.put("modified", sent);
                return new MessyDocument(flow, id, mess, "modified", sent, Outcome.AS_SENT, null);
            }
            default -> throw new IllegalStateException(mess.toString());
        }
    }
}
