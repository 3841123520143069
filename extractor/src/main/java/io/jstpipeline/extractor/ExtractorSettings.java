package io.jstpipeline.extractor;

import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.flow.FlowRunner;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClientOptions;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.extractor.window.WindowPlanner;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link ExtractorService} is built from. Start from {@link #of} and change the rest with the
 * {@code with…} methods.
 *
 * @param credentials      the merchant's Qimen app
 * @param clientOptions    how the gateway is called
 * @param callPolicy       the merchant's call limits, retries and breaker, shared by all its flows
 * @param kafka            the Kafka cluster the documents and cursors go to
 * @param instance         tells apart the transactional ids and cursors of several merchants' extractors on one
 *                         cluster
 * @param flows            the flows to run
 * @param planner          how ranges are cut into windows
 * @param firstStart       where a window flow without a cursor starts
 * @param pageConcurrency  the page fetches in flight at most, for every flow together (1 to
 *                         {@value PagePool#MAX_CONCURRENCY}); 1 reads page after page
 * @param role             what the extractor is run for: its transactions are fenced per role, so that a
 *                         backfill beside the scheduled extractor of the same flow fences neither
 */
public record ExtractorSettings(QimenCredentials credentials, QimenClientOptions clientOptions,
                                QimenCallPolicy callPolicy, KafkaConnection kafka, String instance,
                                List<FlowDefinition> flows, WindowPlanner planner, LocalDateTime firstStart,
                                int pageConcurrency, Role role) {

    /** What an extractor is run for; each has transactions of its own per flow. */
    public enum Role {
        /** The extract service: every flow on its schedule, from its cursor. */
        SCHEDULE(""),
        /** A backfill of a date range, with cursors of its own per range. */
        BACKFILL("-backfill");

        private final String transactionalIdSuffix;

        Role(String transactionalIdSuffix) {
            this.transactionalIdSuffix = transactionalIdSuffix;
        }

        /** {@code jst-extractor-<instance>-<flow>}, and {@code -backfill} after it for a backfill. */
        public String transactionalId(String instance, String flow) {
            return "jst-extractor-" + instance + "-" + flow + transactionalIdSuffix;
        }
    }

    public ExtractorSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(clientOptions, "clientOptions");
        Objects.requireNonNull(callPolicy, "callPolicy");
        Objects.requireNonNull(kafka, "kafka");
        requireText(instance, "instance");
        flows = List.copyOf(Objects.requireNonNull(flows, "flows"));
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(firstStart, "firstStart");
        Objects.requireNonNull(role, "role");
        if (pageConcurrency < 1 || pageConcurrency > PagePool.MAX_CONCURRENCY) {
            throw new IllegalArgumentException("pageConcurrency must be 1 to " + PagePool.MAX_CONCURRENCY + ", got "
                    + pageConcurrency);
        }
    }

    /**
     * The extractor of {@code flows} of one merchant with default client options, the policy of
     * {@link QimenCallPolicy#defaults()} (Jushuitan's limits), the {@value FlowRunner#DEFAULT_INSTANCE}
     * instance, the default {@link WindowPlanner} and {@value PagePool#DEFAULT_CONCURRENCY} pages at a time.
     */
    public static ExtractorSettings of(QimenCredentials credentials, KafkaConnection kafka,
                                       List<FlowDefinition> flows, LocalDateTime firstStart) {
        return new ExtractorSettings(credentials, QimenClientOptions.defaults(), QimenCallPolicy.defaults(),
                kafka, FlowRunner.DEFAULT_INSTANCE, flows, new WindowPlanner(), firstStart,
                PagePool.DEFAULT_CONCURRENCY, Role.SCHEDULE);
    }

    public ExtractorSettings withClientOptions(QimenClientOptions clientOptions) {
        return new ExtractorSettings(credentials, clientOptions, callPolicy, kafka, instance, flows, planner,
                firstStart, pageConcurrency, role);
    }

    public ExtractorSettings withCallPolicy(QimenCallPolicy callPolicy) {
        return new ExtractorSettings(credentials, clientOptions, callPolicy, kafka, instance, flows, planner,
                firstStart, pageConcurrency, role);
    }

    public ExtractorSettings withInstance(String instance) {
        return new ExtractorSettings(credentials, clientOptions, callPolicy, kafka, instance, flows, planner,
                firstStart, pageConcurrency, role);
    }

    public ExtractorSettings withPlanner(WindowPlanner planner) {
        return new ExtractorSettings(credentials, clientOptions, callPolicy, kafka, instance, flows, planner,
                firstStart, pageConcurrency, role);
    }

    public ExtractorSettings withPageConcurrency(int pageConcurrency) {
        return new ExtractorSettings(credentials, clientOptions, callPolicy, kafka, instance, flows, planner,
                firstStart, pageConcurrency, role);
    }

    public ExtractorSettings withRole(Role role) {
        return new ExtractorSettings(credentials, clientOptions, callPolicy, kafka, instance, flows, planner,
                firstStart, pageConcurrency, role);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
