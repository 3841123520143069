package io.jstpipeline.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A deterministic data set of one document kind, shaped like the documents its list query returns: the same
 * seed, count, modified range and id offset always give byte-identical documents.
 *
 * <p>Every document's {@code modified} lies in {@code [from, to)}. Documents are numbered from their kind's
 * first id in the order they are generated, and each one's {@code ts} row version is {@code modified} in epoch
 * seconds times a million plus its index (see {@link RowVersion}), so ordering by {@code ts} equals ordering by
 * {@code modified}, then id.
 */
abstract sealed class DocumentGenerator permits SaleoutGenerator, OrderGenerator {

    public static final int MAX_COUNT = RowVersion.MAX_DOCUMENTS;

    /** Writes one run's documents in order, each from the draws that follow its {@code modified}. */
    interface Writer {
        ObjectNode write(long id, LocalDateTime modified, long ts);
    }

    /** One generation run: its random draws, and the id offset that shifts the ids it hands out. */
    static final class Run {

        private final Draws draws;
        private final long idOffset;

        private Run(Draws draws, long idOffset) {
            this.draws = draws;
            this.idOffset = idOffset;
        }

        Draws draws() {
            return draws;
        }

        /** The ids of one field, from {@code first} shifted by the run's id offset. */
        IdSequence ids(long first) {
            return new IdSequence(first + idOffset);
        }
    }

    /** The ids one field takes, ascending. */
    static final class IdSequence {

        private long next;

        IdSequence(long first) {
            this.next = first;
        }

        long next() {
            return next++;
        }

        /** The next id, then up to {@code maxSkipped} ids skipped: the ones documents not generated would take. */
        long nextThenSkip(Draws draws, int maxSkipped) {
            long id = next;
            next += 1 + draws.below(maxSkipped + 1);
            return id;
        }
    }

    private final List<ObjectNode> documents;

    /**
     * @param from    first possible {@code modified} (China time), inclusive
     * @param to      end of the {@code modified} range, exclusive; at least one whole second after {@code from}
     * @param firstId the first document's id before the offset
     * @param writers makes the writer of one run
     */
    DocumentGenerator(long seed, int count, LocalDateTime from, LocalDateTime to, long idOffset, long firstId,
                      Function<Run, Writer> writers) {
        RowVersion.requireCount(count);
        Run run = new Run(new Draws(seed, from, to), idOffset);
        Writer writer = writers.apply(run);
        this.documents = IntStream.range(0, count).mapToObj(index -> {
            LocalDateTime modified = run.draws().modified();
            return writer.write(firstId + idOffset + index, modified, RowVersion.ts(modified, index));
        }).toList();
    }

    /** The documents in id order. */
    public List<ObjectNode> documents() {
        return documents;
    }

    /** The number of items (rows of the kind's item table) in {@code documents}. */
    public static long itemCount(Collection<? extends JsonNode> documents) {
        return documents.stream().mapToLong(document -> document.path("items").size()).sum();
    }
}
