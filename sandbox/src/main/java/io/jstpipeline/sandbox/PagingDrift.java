package io.jstpipeline.sandbox;

import io.jstpipeline.common.qimen.QimenTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Documents changing while a caller pages through a window, as the ERP's may (see
 * {@link SandboxOptions#revisionsDuringPaging()}): after a window page that is not the last, perhaps one
 * document that page or an earlier one served is revised, as {@link QimenGateway#reviseSaleout} does. It leaves
 * the window and every later page shifts by one, so that a caller walking page indexes misses a document.
 * {@code start_ts} pages are left alone.
 */
final class PagingDrift {

    private final Chance chance;
    private final AtomicLong occasions = new AtomicLong();
    private final AtomicLong revisionsMade = new AtomicLong();
    private volatile boolean stopped;

    PagingDrift(Chance chance) {
        this.chance = chance;
    }

    /** Perhaps revises one of the documents served so far, once {@code page} has been taken from {@code store}. */
    void afterPage(DocumentStore store, DocumentQuery query, DocumentStore.Page page) {
        if (stopped || query.byTs() || !page.hasNext()) {
            return;
        }
        long occasion = occasions.incrementAndGet();
        if (!chance.happens(occasion)) {
            return;
        }
        List<DocumentStore.Stored> servedSoFar = page.servedSoFar();
        long id = servedSoFar.get(chance.choose(occasion, servedSoFar.size())).id();
        if (store.keptAsIs(id)) {
            return;
        }
        store.revise(id, document -> { }, QimenTime.now());
        revisionsMade.incrementAndGet();
    }

    /** No more revisions: a revision is a change like any other, and the truth must hold still once they stop. */
    void stop() {
        stopped = true;
    }

    long revisionsMade() {
        return revisionsMade.get();
    }
}
