package io.jstpipeline.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.qimen.QimenTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The gateway's documents of one kind, indexed by their id, by {@code (modified, id)} for window queries and
 * by {@code ts} for {@code start_ts} queries. Each document is kept as its JSON, rendered once, and is never
 * changed in place: a revision replaces it with a newly rendered one, so a page being written out while a
 * revision happens stays consistent.
 */
final class DocumentStore {

    private static final byte[] ANSWER_END = "]}}".getBytes(StandardCharsets.UTF_8);

    /** Where a document sits in the API's window order: {@code modified} ascending, then its id. */
    private record Position(LocalDateTime modified, long id) implements Comparable<Position> {
        private static final Comparator<Position> ORDER =
                Comparator.comparing(Position::modified).thenComparingLong(Position::id);

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }
    }

    /** A stored document: its JSON as UTF-8, never changed, and the fields the store indexes and filters on. */
    record Stored(long id, LocalDateTime modified, long ts, String status, byte[] json) {

        static Stored of(DocumentKind kind, ObjectNode document) {
            try {
                return new Stored(kind.idOf(document), QimenTime.parse(document.get("modified").asText()),
                        document.get("ts").asLong(), document.get("status").asText(),
                        Json.MAPPER.writeValueAsBytes(document));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot render " + kind.label() + " " + kind.idOf(document), e);
            }
        }

        /** A tree of its own, parsed from the stored JSON. */
        ObjectNode tree() {
            try {
                return Json.MAPPER.readValue(json, ObjectNode.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse the stored document " + id, e);
            }
        }
    }

    /**
     * One served page.
     *
     * @param answer      the body of the successful response, JSON as UTF-8
     * @param servedSoFar the documents this page and the ones before it served, in the order served
     * @param hasNext     whether a page follows
     */
    record Page(byte[] answer, List<Stored> servedSoFar, boolean hasNext) {
    }

    private final DocumentKind kind;
    private final NavigableMap<Long, Stored> byId = new TreeMap<>();
    private final NavigableMap<Position, Stored> byModified = new TreeMap<>();
    private final NavigableMap<Long, Stored> byTs = new TreeMap<>();
    private long lastTs;
    /** Documents that changes and drift leave as they are. */
    private final Set<Long> keptAsIs = ConcurrentHashMap.newKeySet();

    DocumentStore(DocumentKind kind, List<ObjectNode> documents) {
        this.kind = kind;
        documents.forEach(document -> add(Stored.of(kind, document)));
        lastTs = byTs.isEmpty() ? 0L : byTs.lastKey();
    }

    DocumentKind kind() {
        return kind;
    }

    /** Marks a document for changes and drift to leave as it is. */
    void keepAsIs(long id) {
        keptAsIs.add(id);
    }

    boolean keptAsIs(long id) {
        return keptAsIs.contains(id);
    }

    /** The page the query asks for. */
    Page page(DocumentQuery query) {
        List<Stored> matching;
        synchronized (this) {
            matching = candidates(query).filter(document -> query.matchesStatus(document.status())).toList();
        }
        int total = matching.size();
        int pageCount = (total + query.pageSize() - 1) / query.pageSize();
        int from = (int) Math.min((long) (query.pageIndex() - 1) * query.pageSize(), total);
        int to = Math.min(from + query.pageSize(), total);
        boolean hasNext = query.pageIndex() < pageCount;

        String envelope = "{\"response\":{\"page_index\":" + query.pageIndex() + ",\"page_size\":" + query.pageSize()
                + (query.withTotals() ? ",\"data_count\":" + total + ",\"page_count\":" + pageCount : "")
                + ",\"has_next\":" + hasNext + ",\"" + kind.listField() + "\":[";
        return new Page(answer(envelope.getBytes(StandardCharsets.UTF_8), matching.subList(from, to)),
                matching.subList(0, to), hasNext);
    }

    /** Copies of every document in id order, so that callers cannot change what the gateway serves. */
    List<ObjectNode> snapshot() {
        List<Stored> documents;
        synchronized (this) {
            documents = List.copyOf(byId.values());
        }
        return documents.stream().map(Stored::tree).toList();
    }

    /**
     * Replaces a document with a changed copy whose {@code modified} is {@code now} and whose {@code ts} is
     * larger than any before.
     *
     * @return a copy of the revised document as served
     * @throws NoSuchElementException when no document has that id
     */
    synchronized ObjectNode revise(long id, Consumer<ObjectNode> change, LocalDateTime now) {
        Stored current = byId.get(id);
        if (current == null) {
            throw new NoSuchElementException("no " + kind.label() + " with " + kind.idField() + " " + id);
        }
        ObjectNode revised = current.tree();
        change.accept(revised);
        if (revised.path(kind.idField()).asLong() != id) {
            throw new IllegalArgumentException("a revision must not change " + kind.idField() + " " + id);
        }
        byModified.remove(position(current));
        byTs.remove(current.ts());
        return stamped(revised, now);
    }

    /**
     * Adds a new document, its {@code modified} {@code now} and its {@code ts} larger than any before.
     *
     * @return a copy of the document as served
     * @throws IllegalArgumentException when a document has its id already
     */
    synchronized ObjectNode create(ObjectNode document, LocalDateTime now) {
        long id = kind.idOf(document);
        if (byId.containsKey(id)) {
            throw new IllegalArgumentException("a " + kind.label() + " with " + kind.idField() + " " + id + " exists");
        }
        return stamped(document.deepCopy(), now);
    }

    /** A copy of one document as served. */
    synchronized ObjectNode snapshotOf(long id) {
        Stored stored = byId.get(id);
        if (stored == null) {
            throw new NoSuchElementException("no " + kind.label() + " with " + kind.idField() + " " + id);
        }
        return stored.tree();
    }

    /** The id of the document at {@code index} in id order (0 to {@link #size()} - 1). */
    synchronized long idAt(int index) {
        return byId.keySet().stream().skip(index).findFirst().orElseThrow();
    }

    synchronized int size() {
        return byId.size();
    }

    private ObjectNode stamped(ObjectNode document, LocalDateTime now) {
        lastTs = Math.max(lastTs + 1, RowVersion.ts(now, 0));
        document.put("modified", QimenTime.format(now));
        document.put("ts", lastTs);
        Stored stored = Stored.of(kind, document);
        add(stored);
        return stored.tree();
    }

    /** The documents in the query's window or after its row version, in the order it pages in. */
    private Stream<Stored> candidates(DocumentQuery query) {
        if (!query.byTs()) {
            return byModified.subMap(new Position(query.start(), Long.MIN_VALUE), true,
                    new Position(query.end(), Long.MIN_VALUE), false).values().stream();
        }
        Stream<Stored> after = byTs.tailMap(query.startTs(), false).values().stream();
        return query.hasWindow() ? after.filter(document -> query.inWindow(document.modified())) : after;
    }

    /** The envelope, then the documents' JSON joined with commas, then the closing brackets. */
    private static byte[] answer(byte[] envelope, List<Stored> documents) {
        // Joins the bytes rendered once instead of rendering per call: the benchmark measures the pipeline, not
        // the stand-in API.
        int size = envelope.length + Math.max(documents.size() - 1, 0) + ANSWER_END.length
                + documents.stream().mapToInt(document -> document.json().length).sum();
        byte[] answer = Arrays.copyOf(envelope, size);
        int at = envelope.length;
        for (Stored document : documents) {
            if (at > envelope.length) {
                answer[at++] = ',';
            }
            System.arraycopy(document.json(), 0, answer, at, document.json().length);
            at += document.json().length;
        }
        System.arraycopy(ANSWER_END, 0, answer, at, ANSWER_END.length);
        return answer;
    }

    private void add(Stored document) {
        byId.put(document.id(), document);
        byModified.put(position(document), document);
        byTs.put(document.ts(), document);
    }

    private static Position position(Stored document) {
        return new Position(document.modified(), document.id());
    }
}
