package io.jstpipeline.extractor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.common.LogContext;
import io.jstpipeline.extractor.qimen.QimenPage;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Pages fetched side by side, with fetches that hold each other up through latches so that what overlaps is
 * decided by the test and not by timing. The latches' time-outs only keep a broken pool from hanging the build.
 */
class PagePoolTest {

    private static final TimeWindow WINDOW = new TimeWindow(LocalDateTime.of(2024, 1, 1, 0, 0),
            LocalDateTime.of(2024, 1, 2, 0, 0));
    private static final int CONCURRENCY = 4;
    private static final int PAGE_COUNT = 12;
    private static final QimenPage FIRST = page(1);
    private static final List<Integer> AFTER_FIRST = IntStream.rangeClosed(2, PAGE_COUNT).boxed().toList();

    private final PagePool pool = PagePool.of(CONCURRENCY);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void asManyPagesAsTheConcurrencyAreUnderWayAtOnceAndNoMore() throws Exception {
        AtomicInteger underWay = new AtomicInteger();
        AtomicInteger mostUnderWay = new AtomicInteger();
        CountDownLatch fourUnderWay = new CountDownLatch(CONCURRENCY);
        Set<String> threads = ConcurrentHashMap.newKeySet();

        List<QimenPage> pages = pool.after(WINDOW, FIRST, (window, pageIndex) -> {
            mostUnderWay.accumulateAndGet(underWay.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " daemon" : ""));
            try {
                fourUnderWay.countDown();
                fourUnderWay.await(10, TimeUnit.SECONDS);
                return page(pageIndex);
            } finally {
                underWay.decrementAndGet();
            }
        });

        assertThat(pages).extracting(QimenPage::pageIndex).containsExactlyElementsOf(AFTER_FIRST);
        assertThat(mostUnderWay).hasValue(CONCURRENCY);
        assertThat(threads).hasSize(CONCURRENCY).allMatch(name -> name.matches("jst-extractor-pages-\\d+ daemon"));
    }

    @Test
    void pagesThatArriveOutOfOrderAreReturnedInPageOrder() throws Exception {
        CountDownLatch page5Fetched = new CountDownLatch(1);

        List<QimenPage> pages = pool.after(WINDOW, FIRST, (window, pageIndex) -> {
            if (pageIndex == 2) {
                page5Fetched.await(10, TimeUnit.SECONDS);
            }
            if (pageIndex == 5) {
                page5Fetched.countDown();
            }
            return page(pageIndex);
        });

        assertThat(page5Fetched.getCount()).as("page 5 arrived before page 2").isZero();
        assertThat(pages).extracting(QimenPage::pageIndex).containsExactlyElementsOf(AFTER_FIRST);
    }

    @Test
    void fetchesLogWithTheFlowAndWindowOfTheReader() throws Exception {
        Set<String> contexts = ConcurrentHashMap.newKeySet();

        try (LogContext flow = LogContext.with(LogContext.FLOW, "saleout");
             LogContext window = LogContext.with(LogContext.WINDOW, WINDOW.toString())) {
            pool.after(WINDOW, FIRST, (w, pageIndex) -> {
                contexts.add(MDC.get(LogContext.FLOW) + " " + MDC.get(LogContext.WINDOW));
                return page(pageIndex);
            });
        }

        assertThat(contexts).containsExactly("saleout " + WINDOW);
    }

    @Test
    void aFailedFetchIsThrownAsItIsOnceNoOtherFetchIsUnderWayAndTheRestNeverStart() {
        // QimenApiException's factories are the qimen package's own; the pool rethrows any failure alike.
        IllegalStateException refused = new IllegalStateException("page 3 failed: no permission");
        CountDownLatch othersUnderWay = new CountDownLatch(CONCURRENCY - 1);

        assertThatThrownBy(() -> pool.after(WINDOW, FIRST, counted((window, pageIndex) -> {
            if (pageIndex == 3) {
                othersUnderWay.await(10, TimeUnit.SECONDS);
                throw refused;
            }
            othersUnderWay.countDown();
            return untilInterruptedThenSlowly(pageIndex);
        }))).isSameAs(refused);

        assertThat(ended).as("fetches ended when the read gave up").hasValue(started.get());
        // Pages 2 to 5, and perhaps one taken up by page 3's thread before the read gave up.
        assertThat(started.get()).isBetween(CONCURRENCY, CONCURRENCY + 1);
    }

    @Test
    void anInterruptedReaderThrowsInterruptedExceptionOnceItsFetchesHaveEnded() throws Exception {
        CountDownLatch fourUnderWay = new CountDownLatch(CONCURRENCY);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                pool.after(WINDOW, FIRST, counted((window, pageIndex) -> {
                    fourUnderWay.countDown();
                    return untilInterruptedThenSlowly(pageIndex);
                }));
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        reader.start();
        assertThat(fourUnderWay.await(10, TimeUnit.SECONDS)).isTrue();

        reader.interrupt();

        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(started).hasValue(CONCURRENCY);
        assertThat(ended).hasValue(CONCURRENCY);
    }

    @Test
    void closingThePoolEndsAReadWaitingForPagesThatNeverStarted() throws Exception {
        CountDownLatch fourUnderWay = new CountDownLatch(CONCURRENCY);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                pool.after(WINDOW, FIRST, (window, pageIndex) -> {
                    fourUnderWay.countDown();
                    // An answer already on its way arrives although the pool is closing.
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        return page(pageIndex);
                    }
                    throw new AssertionError("unreachable");
                });
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        reader.start();
        assertThat(fourUnderWay.await(10, TimeUnit.SECONDS)).isTrue();

        pool.close();

        assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class)
                .hasMessageContaining("closing");
    }

    @Test
    void aConcurrencyOutsideOneToSixteenIsRefused() {
        assertThatThrownBy(() -> PagePool.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("page concurrency must be 1 to 16, got 0");
        assertThatThrownBy(() -> PagePool.of(17)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("page concurrency must be 1 to 16, got 17");
        assertThat(PagePool.of(1)).isSameAs(PagePool.SEQUENTIAL);
    }

    /** {@code fetch}, counting the fetches that started and the ones that ended. */
    private WindowReader.PageFetch counted(WindowReader.PageFetch fetch) {
        return (window, pageIndex) -> {
            started.incrementAndGet();
            try {
                return fetch.fetch(window, pageIndex);
            } finally {
                ended.incrementAndGet();
            }
        };
    }

    /**
     * Waits until interrupted, then ends a while later, as an HTTP call does that notices the interrupt only
     * when its answer comes: a pool that did not wait for its fetches to end would be caught returning early.
     */
    private static QimenPage untilInterruptedThenSlowly(int pageIndex) throws InterruptedException {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.sleep(200);
            throw e;
        }
        throw new AssertionError("page " + pageIndex + " was never interrupted");
    }

    private static QimenPage page(int pageIndex) {
        return new QimenPage(pageIndex, 50, PAGE_COUNT * 50, PAGE_COUNT, pageIndex < PAGE_COUNT, List.of());
    }
}
