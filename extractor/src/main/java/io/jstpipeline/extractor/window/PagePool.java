package io.jstpipeline.extractor.window;

import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.LogContext;
import io.jstpipeline.extractor.qimen.QimenApiException;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenPage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Fetches the pages of a window after its first. A page takes far longer to arrive than to read, so with a
 * concurrency above 1 pages 2 to {@code page_count} are asked for side by side, on a fixed pool of daemon
 * threads ({@code jst-extractor-pages-<n>}) shared by the readers of one extractor; each call still goes
 * through the merchant's {@link QimenCallPolicy}, whose budget they share. With a concurrency of 1 the pages
 * are read one after another on the reader's own thread while the gateway says more follow, and there are no
 * threads.
 *
 * <p>A read either gets every page or none: when a fetch fails or the reader is interrupted, the fetches not
 * yet started never start, the ones under way are interrupted, and the read returns only once they have
 * ended, so that nothing of it goes on calling the API.
 */
public final class PagePool implements AutoCloseable {

    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int MAX_CONCURRENCY = 16;
    /** Page after page on the reader's thread; it holds no threads, so it needs no closing. */
    public static final PagePool SEQUENTIAL = new PagePool(null);

    private final ExecutorService threads;

    private PagePool(ExecutorService threads) {
        this.threads = threads;
    }

    /** @param concurrency the page fetches of one extractor in flight at most, 1 to {@value #MAX_CONCURRENCY} */
    public static PagePool of(int concurrency) {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("page concurrency must be 1 to " + MAX_CONCURRENCY + ", got "
                    + concurrency);
        }
        return concurrency == 1 ? SEQUENTIAL : new PagePool(Executors.newFixedThreadPool(concurrency, DaemonThreads.numbered("jst-extractor-pages-")));
    }

    /**
     * The pages after {@code first}, in page order.
     *
     * @throws QimenApiException (or whatever else a fetch threw) as the fetch threw it, once no fetch of the
     *                           read is under way any more
     * @throws InterruptedException when the reader is interrupted, likewise, or the pool closes under it
     */
    List<QimenPage> after(TimeWindow window, QimenPage first, WindowReader.PageFetch fetch)
            throws InterruptedException {
        if (threads == null) {
            List<QimenPage> pages = new ArrayList<>();
            for (QimenPage last = first; last.hasNext(); ) {
                last = fetch.fetch(window, last.pageIndex() + 1);
                pages.add(last);
            }
            return pages;
        }
        // Every page is asked for at once, so page_count and not has_next says where to stop; a window that
        // changed meanwhile shows in the pages' data_count, which the reader compares.
        Fetches fetches = new Fetches();
        try {
            for (int page = 2; page <= first.pageCount(); page++) {
                int pageIndex = page;
                fetches.submit(LogContext.carriedInto(() -> fetch.fetch(window, pageIndex)));
            }
            return fetches.pagesInOrder();
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (CancellationException | RejectedExecutionException e) {
            // Cancelled by close(), or closed while this read was still handing its pages over.
            throw new InterruptedException("the pages of " + window + " were cancelled: the extractor is closing");
        } finally {
            fetches.abandon();
        }
    }

    /**
     * Interrupts the fetches under way, of every reader, and cancels the ones not started, so that a reader
     * still waiting for them stops; then waits a while for the threads to end.
     */
    @Override
    public void close() {
        if (threads == null) {
            return;
        }
        // The pool holds what Fetches gave it: futures, which report to their reader when cancelled.
        threads.shutdownNow().forEach(neverStarted -> ((Future<?>) neverStarted).cancel(false));
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A fetch throws nothing checked but {@link InterruptedException}. */
    private static RuntimeException rethrown(Throwable failure) throws InterruptedException {
        if (failure instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    /** The fetches of one read: the ones that ended, how many are under way, and whether the read gave them up. */
    private final class Fetches {

        private final List<Future<QimenPage>> inPageOrder = new ArrayList<>();
        private final BlockingQueue<Future<QimenPage>> ended = new LinkedBlockingQueue<>();
        private int underWay;
        private boolean abandoned;

        void submit(Callable<QimenPage> fetch) {
            FutureTask<QimenPage> task = new FutureTask<>(() -> {
                started();
                try {
                    return fetch.call();
                } finally {
                    ended();
                }
            }) {
                @Override
                protected void done() {
                    ended.add(this);
                }
            };
            inPageOrder.add(task);
            threads.execute(task);
        }

        /** Waits for the fetches in the order they end, so that a failure of any page ends the read at once. */
        List<QimenPage> pagesInOrder() throws InterruptedException, ExecutionException {
            for (int i = 0; i < inPageOrder.size(); i++) {
                ended.take().get();
            }
            List<QimenPage> pages = new ArrayList<>();
            for (Future<QimenPage> page : inPageOrder) {
                pages.add(page.get());
            }
            return pages;
        }

        private synchronized void started() {
            // A fetch taken up by a thread just as its read gave up must not reach the API.
            if (abandoned) {
                throw new CancellationException("the read of this page was given up");
            }
            underWay++;
        }

        private synchronized void ended() {
            underWay--;
            notifyAll();
        }

        /**
         * Cancels the fetches, interrupting the ones under way, and waits until those have ended; an interrupt
         * meanwhile is kept for the caller. Nothing to do once every fetch is done.
         */
        synchronized void abandon() {
            abandoned = true;
            inPageOrder.forEach(fetch -> fetch.cancel(true));
            boolean interrupted = false;
            while (underWay > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
