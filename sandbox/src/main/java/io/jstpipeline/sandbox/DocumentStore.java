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
import java.util.stream.Stream;

/**
 * The gateway's documents of one kind, indexed by their id, by {@code (modified, id)} for window queries and
 * by {@code ts} for {@code start_ts} queries. A stored document is never changed in place: a revision
 * replaces it with a changed copy, so a page being written out while a revision happens stays consistent.
 */
final class DocumentStore {

    /** Where a document sits in the API's window order: {@code modified} ascending, then its id. */
    private record Position(LocalDateTime modified, long id) implements Comparable<Position> {
        private static final Comparator<Position> ORDER =
                Comparator.comparing(Position::modified).thenComparingLong(Position::id);

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * One served page.
     *
     * @param answer      the body of the successful response
     * @param servedSoFar the documents this page and the ones before it served, in the order served
     * @param hasNext     whether a page follows
     */
    record Page(ObjectNode answer, List<ObjectNode> servedSoFar, boolean hasNext) {
    }

    private final DocumentKind kind;
    private final NavigableMap<Long, ObjectNode> byId = new TreeMap<>();
    private final NavigableMap<Position, ObjectNode> byModified = new TreeMap<>();
    private final NavigableMap<Long, ObjectNode> byTs = new TreeMap<>();
    private long lastTs;

    DocumentStore(DocumentKind kind, List<ObjectNode> documents) {
        this.kind = kind;
        documents.forEach(this::add);
        lastTs = byTs.isEmpty() ? 0L : byTs.lastKey();
    }

    DocumentKind kind() {
        return kind;
    }

    /** The page the query asks for. */
    Page page(DocumentQuery query) {
        List<ObjectNode> matching;
        synchronized (this) {
            matching = candidates(query)
                    .filter(document -> query.matchesStatus(document.get("status").asText()))
                    .toList();
        }
        int total = matching.size();
        int pageCount = (total + query.pageSize() - 1) / query.pageSize();
        int from = (int) Math.min((long) (query.pageIndex() - 1) * query.pageSize(), total);
        int to = Math.min(from + query.pageSize(), total);
        boolean hasNext = query.pageIndex() < pageCount;

        ObjectNode answer = Json.MAPPER.createObjectNode();
        ObjectNode response = answer.putObject("response")
                .put("page_index", query.pageIndex())
                .put("page_size", query.pageSize());
        if (query.withTotals()) {
            response.put("data_count", total).put("page_count", pageCount);
        }
        response.put("has_next", hasNext)
                .putArray(kind.listField()).addAll(matching.subList(from, to));
        return new Page(answer, matching.subList(0, to), hasNext);
    }

    /** Copies of every document in id order, so that callers cannot change what the gateway serves. */
    synchronized List<ObjectNode> snapshot() {
        return byId.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /**
     * Replaces a document with a changed copy whose {@code modified} is {@code now} and whose {@code ts} is
     * larger than any before.
     *
     * @return a copy of the revised document
     * @throws NoSuchElementException when no document has that id
     */
    synchronized ObjectNode revise(long id, Consumer<ObjectNode> change, LocalDateTime now) {
        ObjectNode current = byId.get(id);
        if (current == null) {
            throw new NoSuchElementException("no " + kind.label() + " with " + kind.idField() + " " + id);
        }
        ObjectNode revised = current.deepCopy();
        change.accept(revised);
        if (revised.path(kind.idField()).asLong() != id) {
            throw new IllegalArgumentException("a revision must not change " + kind.idField() + " " + id);
        }
        lastTs = Math.max(lastTs + 1, RowVersion.ts(now, 0));
        revised.put("modified", QimenTime.format(now));
        revised.put("ts", lastTs);
        byModified.remove(position(current));
        byTs.remove(current.get("ts").asLong());
        add(revised);
        return revised.deepCopy();
    }

    /** The documents in the query's window or after its row version, in the order it pages in. */
    private Stream<ObjectNode> candidates(DocumentQuery query) {
        if (!query.byTs()) {
            return byModified.subMap(new Position(query.start(), Long.MIN_VALUE), true,
                    new Position(query.end(), Long.MIN_VALUE), false).values().stream();
        }
        Stream<ObjectNode> after = byTs.tailMap(query.startTs(), false).values().stream();
        return query.hasWindow() ? after.filter(document -> query.inWindow(modified(document))) : after;
    }

    private void add(ObjectNode document) {
        byId.put(kind.idOf(document), document);
        byModified.put(position(document), document);
        byTs.put(document.get("ts").asLong(), document);
    }

    private Position position(ObjectNode document) {
        return new Position(modified(document), kind.idOf(document));
    }

    private static LocalDateTime modified(ObjectNode document) {
        return QimenTime.parse(document.get("modified").asText());
    }
}
