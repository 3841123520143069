package io.jstpipeline.extractor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.QimenPage;
import io.jstpipeline.extractor.qimen.RawDocument;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The drift check against scripted pages: what a gateway returns while documents move under the pager. */
class WindowReaderTest {

    private static final TimeWindow WINDOW = new TimeWindow(LocalDateTime.of(2024, 1, 1, 0, 0),
            LocalDateTime.of(2024, 1, 2, 0, 0));
    /** The gateway's clock long after the window: a window no document can enter, and one can leave. */
    private static final LocalDateTime AFTER_WINDOW = LocalDateTime.of(2024, 2, 1, 0, 0);
    /** The gateway's clock before the window. */
    private static final LocalDateTime BEFORE_WINDOW = LocalDateTime.of(2023, 12, 31, 12, 0);
    /** The gateway's clock inside the window: one no document can leave, as a change moves it to now. */
    private static final LocalDateTime IN_WINDOW = LocalDateTime.of(2024, 1, 1, 12, 0);
    private static final FlowDefinition FLOW = new FlowDefinition("saleout", "jushuitan.saleout.list.query", "datas",
            "io_id", 2, FlowDefinition.CursorMode.WINDOW, Duration.ofMinutes(1), null, 3);

    private final Deque<QimenPage> script = new ArrayDeque<>();
    private int fetches;
    private final WindowReader reader = new WindowReader(FLOW, (window, page) -> {
        fetches++;
        return script.removeFirst();
    }, 2, PagePool.SEQUENTIAL, () -> AFTER_WINDOW);

    @Test
    void aWindowWhosePagesAgreeIsReadOnce() throws Exception {
        script.addAll(List.of(page(1, 3, true, "a", "b"), page(2, 3, false, "c")));

        WindowReader.WindowRead read = reader.read(WINDOW);

        assertThat(ids(read)).containsExactly("a", "b", "c");
        assertThat(read.rereads()).isZero();
        assertThat(read.settled()).isTrue();
        assertThat(read.pages()).isEqualTo(2);
    }

    @Test
    void aDocumentSkippedBecauseAnotherMovedOutIsFoundByReadingAgain() throws Exception {
        // a,b,c,d,e: after page 1 "a" is modified and leaves the window, so page 2 starts at "d" and "c" is skipped.
        script.addAll(List.of(page(1, 5, true, "a", "b"), page(2, 4, false, "d", "e"),
                page(1, 4, true, "b", "c"), page(2, 4, false, "d", "e")));

        WindowReader.WindowRead read = reader.read(WINDOW);

        assertThat(ids(read)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(read.lastRead()).extracting(d -> d.fields().get("io_id").asText())
                .as("the window as it stands, without the document that moved out")
                .containsExactlyInAnyOrder("b", "c", "d", "e");
        assertThat(read.rereads()).isEqualTo(1);
        assertThat(read.settled()).isTrue();
    }

    @Test
    void rereadsAreBoundedAndWhatWasSeenIsStillReturned() throws Exception {
        for (int i = 0; i < 3; i++) {
            script.addAll(List.of(page(1, 5, true, "a", "b"), page(2, 4, false, "d", "e")));
        }

        WindowReader.WindowRead read = reader.read(WINDOW);

        assertThat(read.settled()).isFalse();
        assertThat(read.rereads()).isEqualTo(2);
        assertThat(ids(read)).containsExactlyInAnyOrder("a", "b", "d", "e");
        assertThat(fetches).isEqualTo(6);
    }

    @Test
    void aWindowWithMorePagesThanAllowedIsReportedTooLargeAfterItsFirstPage() throws Exception {
        script.add(new QimenPage(1, 2, 8, 4, true, docs("a", "b")));

        WindowReader.WindowRead read = reader.read(WINDOW);

        assertThat(read.tooLarge()).isTrue();
        assertThat(fetches).isEqualTo(1);
    }

    @Test
    void theNewestVersionOfADocumentSeenTwiceIsKept() throws Exception {
        // The first read is short of one document, so the window is read again and "a" has changed meanwhile.
        script.addAll(List.of(new QimenPage(1, 2, 3, 2, false, List.of(doc("a", 1), doc("b", 1))),
                new QimenPage(1, 2, 2, 1, false, List.of(doc("a", 5), doc("b", 1)))));

        WindowReader.WindowRead read = reader.read(WINDOW);

        assertThat(read.documents()).filteredOn(d -> d.fields().get("io_id").asText().equals("a"))
                .singleElement().satisfies(d -> assertThat(d.fields().get("ts").asLong()).isEqualTo(5));
    }

    @Test
    void theLaterModifiedVersionIsKeptWhateverItsTsAndOnEqualModifiedTheHigherTs() throws Exception {
        // As the transformer and the sink order versions: modified first, ts only between equal modified times.
        script.addAll(List.of(new QimenPage(1, 2, 3, 2, false, List.of(
                        doc("a", "2024-01-02 11:00:00", 1), doc("b", "2024-01-02 10:00:00", 1))),
                new QimenPage(1, 2, 2, 1, false, List.of(
                        doc("a", "2024-01-02 10:00:00", 5), doc("b", "2024-01-02 10:00:00", 7)))));

        WindowReader.WindowRead read = reader.read(WINDOW);

        assertThat(read.documents()).extracting(d -> d.fields().get("io_id").asText(), d -> d.fields().get("ts").asLong())
                .containsExactlyInAnyOrder(tuple("a", 1L), tuple("b", 7L));
    }

    @ParameterizedTest(name = "page concurrency {0}")
    @ValueSource(ints = {1, 4})
    void aDataCountThatChangedOnAMiddlePageOnlyStillHasTheWindowReadAgain(int concurrency) throws Exception {
        // a,b,c,d,e: after page 1 "x" enters the window, after page 2 "a" leaves it; page 3 shows data_count 5
        // again, and five distinct documents were read, but "e" was skipped.
        List<QimenPage> drifted = List.of(page(1, 5, true, "a", "b"), page(2, 6, true, "c", "d"),
                page(3, 5, false, "x"));
        List<QimenPage> settled = List.of(page(1, 5, true, "b", "c"), page(2, 5, true, "d", "e"),
                page(3, 5, false, "x"));

        try (PagePool pages = PagePool.of(concurrency)) {
            WindowReader.WindowRead read = new WindowReader(FLOW, byRead(List.of(drifted, settled)), 2, pages,
                    () -> AFTER_WINDOW).read(WINDOW);

            assertThat(read.rereads()).isEqualTo(1);
            assertThat(read.settled()).isTrue();
            assertThat(ids(read)).containsExactly("a", "b", "c", "d", "x", "e");
            assertThat(read.pages()).isEqualTo(6);
        }
    }

    @ParameterizedTest(name = "page concurrency {0}")
    @ValueSource(ints = {1, 4})
    void aWindowEndingPastTheGatewaysClockIsReadOnceWhenDocumentsOnlyEnteredIt(int concurrency) throws Exception {
        // a,b,c,d,e: after page 1 "x" is created, stamped now, and so joins the window at its end.
        List<QimenPage> grown = List.of(page(1, 5, true, "a", "b"), page(2, 6, true, "c", "d"),
                page(3, 6, false, "e", "x"));

        try (PagePool pages = PagePool.of(concurrency)) {
            WindowReader.WindowRead read = new WindowReader(FLOW, byRead(List.of(grown)), 2, pages, () -> IN_WINDOW)
                    .read(WINDOW);

            assertThat(read.settled()).isTrue();
            assertThat(read.rereads()).isZero();
            assertThat(ids(read)).containsExactly("a", "b", "c", "d", "e", "x");
        }
    }

    @Test
    void theSameGrowthInAWindowThatStartsAfterTheGatewaysClockIsReadAgain() throws Exception {
        // A document stamped ahead of the clock leaves such a window when it changes, to modified = now.
        script.addAll(List.of(page(1, 5, true, "a", "b"), page(2, 6, true, "c", "d"), page(3, 6, false, "e", "x"),
                page(1, 6, true, "a", "b"), page(2, 6, true, "c", "d"), page(3, 6, false, "e", "x")));

        WindowReader.WindowRead read = new WindowReader(FLOW, (window, page) -> script.removeFirst(), 2,
                PagePool.SEQUENTIAL, () -> BEFORE_WINDOW).read(WINDOW);

        assertThat(read.rereads()).isEqualTo(1);
        assertThat(read.settled()).isTrue();
    }

    @Test
    void theSameGrowthInAWindowThatHasEndedIsReadAgain() throws Exception {
        // Past its end, a count that grew on one page may hide one that left on another: read again.
        script.addAll(List.of(page(1, 5, true, "a", "b"), page(2, 6, true, "c", "d"), page(3, 6, false, "e", "x"),
                page(1, 6, true, "a", "b"), page(2, 6, true, "c", "d"), page(3, 6, false, "e", "x")));

        WindowReader.WindowRead read = reader.read(WINDOW);

        assertThat(read.rereads()).isEqualTo(1);
        assertThat(read.settled()).isTrue();
    }

    @Test
    void aDocumentSkippedInAWindowEndingPastTheGatewaysClockIsFoundByReadingAgain() throws Exception {
        // a,b,c,d,e: after page 1 "a" changes and moves to the window's end, so page 2 starts at "d": "c" is
        // skipped, while the count stays 5.
        List<QimenPage> drifted = List.of(page(1, 5, true, "a", "b"), page(2, 5, true, "d", "e"),
                page(3, 5, false, "a"));
        List<QimenPage> settled = List.of(page(1, 5, true, "b", "c"), page(2, 5, true, "d", "e"),
                page(3, 5, false, "a"));

        WindowReader.WindowRead read = new WindowReader(FLOW, byRead(List.of(drifted, settled)), 2,
                PagePool.SEQUENTIAL, () -> IN_WINDOW).read(WINDOW);

        assertThat(read.rereads()).isEqualTo(1);
        assertThat(read.settled()).isTrue();
        assertThat(ids(read)).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    }

    /** Answers the n-th read (counted by its page 1) from the n-th list of pages, by page index, on any thread. */
    private static WindowReader.PageFetch byRead(List<List<QimenPage>> reads) {
        AtomicInteger read = new AtomicInteger(-1);
        return (window, pageIndex) -> reads.get(pageIndex == 1 ? read.incrementAndGet() : read.get())
                .get(pageIndex - 1);
    }

    private static QimenPage page(int index, int dataCount, boolean hasNext, String... ids) {
        return new QimenPage(index, 2, dataCount, (dataCount + 1) / 2, hasNext, docs(ids));
    }

    private static List<RawDocument> docs(String... ids) {
        return Arrays.stream(ids).map(id -> doc(id, 1)).toList();
    }

    /** A document modified at ten, its changes told apart by {@code ts} alone. */
    private static RawDocument doc(String id, long ts) {
        return doc(id, "2024-01-02 10:00:00", ts);
    }

    private static RawDocument doc(String id, String modified, long ts) {
        String json = "{\"io_id\":\"" + id + "\",\"o_id\":\"o-" + id + "\",\"modified\":\"" + modified
                + "\",\"ts\":" + ts + "}";
        try {
            return new RawDocument(json.getBytes(StandardCharsets.UTF_8), (ObjectNode) Json.MAPPER.readTree(json), 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(WindowReader.WindowRead read) {
        return read.documents().stream().map(d -> d.fields().get("io_id").asText()).toList();
    }
}
