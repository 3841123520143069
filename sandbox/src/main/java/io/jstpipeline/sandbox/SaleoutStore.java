package io.jstpipeline.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The gateway's sales outbound notes, indexed by {@code io_id} and by {@code (modified, io_id)} for window
 * queries. A stored note is never changed in place: a revision replaces it with a changed copy, so a page
 * being written out while a revision happens stays consistent.
 */
final class SaleoutStore {

    /** Where a note sits in the API's order: {@code modified} ascending, then {@code io_id}. */
    private record Position(LocalDateTime modified, long ioId) implements Comparable<Position> {
        private static final Comparator<Position> ORDER =
                Comparator.comparing(Position::modified).thenComparingLong(Position::ioId);

        static Position of(ObjectNode note) {
            return new Position(QimenTime.parse(note.get("modified").asText()), note.get("io_id").asLong());
        }

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }
    }

    private final NavigableMap<Long, ObjectNode> byIoId = new TreeMap<>();
    private final NavigableMap<Position, ObjectNode> byModified = new TreeMap<>();
    private long lastTs;

    SaleoutStore(List<ObjectNode> notes) {
        notes.forEach(this::add);
        lastTs = notes.stream().mapToLong(note -> note.get("ts").asLong()).max().orElse(0L);
    }

    /** The page the query asks for, as the body of a successful response. */
    ObjectNode page(SaleoutQuery query) {
        List<ObjectNode> matching;
        synchronized (this) {
            matching = byModified
                    .subMap(new Position(query.start(), Long.MIN_VALUE), true,
                            new Position(query.end(), Long.MIN_VALUE), false)
                    .values().stream()
                    .filter(note -> query.matchesStatus(note.get("status").asText()))
                    .toList();
        }
        int total = matching.size();
        int pageCount = (total + query.pageSize() - 1) / query.pageSize();
        int from = (int) Math.min((long) (query.pageIndex() - 1) * query.pageSize(), total);
        int to = Math.min(from + query.pageSize(), total);

        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putObject("response")
                .put("page_index", query.pageIndex())
                .put("page_size", query.pageSize())
                .put("data_count", total)
                .put("page_count", pageCount)
                .put("has_next", query.pageIndex() < pageCount)
                .putArray("datas").addAll(matching.subList(from, to));
        return answer;
    }

    /** Copies of every note in {@code io_id} order, so that callers cannot change what the gateway serves. */
    synchronized List<ObjectNode> snapshot() {
        return byIoId.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /**
     * Replaces a note with a changed copy whose {@code modified} is {@code now} and whose {@code ts} is larger
     * than any before.
     *
     * @return a copy of the revised note
     * @throws NoSuchElementException when no note has that {@code io_id}
     */
    synchronized ObjectNode revise(long ioId, Consumer<ObjectNode> change, LocalDateTime now) {
        ObjectNode current = byIoId.get(ioId);
        if (current == null) {
            throw new NoSuchElementException("no sales outbound note with io_id " + ioId);
        }
        ObjectNode revised = current.deepCopy();
        change.accept(revised);
        if (revised.path("io_id").asLong() != ioId) {
            throw new IllegalArgumentException("a revision must not change io_id " + ioId);
        }
        lastTs = Math.max(lastTs + 1, SaleoutGenerator.ts(now, 0));
        revised.put("modified", QimenTime.format(now));
        revised.put("ts", lastTs);
        byModified.remove(Position.of(current));
        add(revised);
        return revised.deepCopy();
    }

    private void add(ObjectNode note) {
        byIoId.put(note.get("io_id").asLong(), note);
        byModified.put(Position.of(note), note);
    }
}
