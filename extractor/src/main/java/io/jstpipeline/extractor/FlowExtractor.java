package io.jstpipeline.extractor;

import io.jstpipeline.common.qimen.QimenTime;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extracts one flow over a time range: cuts the range into windows the API accepts, pages through each
 * window and publishes every document to the flow's raw topic, flushing at the end of each window.
 */
public final class FlowExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(FlowExtractor.class);

    private final FlowDefinition flow;
    private final QimenClient client;
    private final RawPublisher publisher;
    private final WindowPlanner planner;
    private final RetryPolicy retry;

    /** Windows of 7 days and the default retries. */
    public FlowExtractor(FlowDefinition flow, QimenClient client, Producer<String, String> producer) {
        this(flow, client, producer, new WindowPlanner(), RetryPolicy.defaults());
    }

    public FlowExtractor(FlowDefinition flow, QimenClient client, Producer<String, String> producer,
                         WindowPlanner planner, RetryPolicy retry) {
        this.flow = flow;
        this.client = client;
        this.publisher = new RawPublisher(producer, flow.name());
        this.planner = planner;
        this.retry = retry;
    }

    public ExtractionResult extract(LocalDateTime from, LocalDateTime to) throws InterruptedException {
        return extract(from, to, ExtractionListener.NONE);
    }

    /**
     * Publishes every document modified in {@code [from, to)} (China time).
     *
     * @throws QimenApiException when a call fails in a way that is not retryable, or retries are used up
     * @throws org.apache.kafka.common.KafkaException when Kafka does not take a document
     * @throws InterruptedException when interrupted while waiting to retry
     */
    public ExtractionResult extract(LocalDateTime from, LocalDateTime to, ExtractionListener listener)
            throws InterruptedException {
        List<TimeWindow> windows = planner.plan(from, to);
        listener.started(windows);
        Tally tally = new Tally();
        for (TimeWindow window : windows) {
            QimenPage page;
            int pageIndex = 1;
            do {
                page = fetch(window, pageIndex++, tally);
                page.documents().forEach(publisher::publish);
                tally.pages++;
                tally.documents += page.documents().size();
                listener.pageDone(window, page, tally.result());
            } while (page.hasNext());
            publisher.flush();
            tally.windows++;
            listener.windowDone(window, tally.result());
        }
        ExtractionResult result = tally.result();
        LOG.info("{} [{}, {}): {}", flow.name(), QimenTime.format(from), QimenTime.format(to), result);
        return result;
    }

    private QimenPage fetch(TimeWindow window, int pageIndex, Tally tally) throws InterruptedException {
        return retry.call(() -> {
            tally.calls++;
            return client.fetchPage(flow.method(), flow.listField(), window.start(), window.end(), pageIndex,
                    flow.pageSize());
        });
    }

    private static final class Tally {
        int windows;
        long pages;
        long calls;
        long documents;

        ExtractionResult result() {
            return new ExtractionResult(windows, pages, calls, documents);
        }
    }
}
