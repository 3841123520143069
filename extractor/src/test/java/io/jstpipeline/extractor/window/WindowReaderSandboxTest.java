package io.jstpipeline.extractor.window;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.flow.FlowExtractor;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClient;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.extractor.qimen.RawDocument;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.RateLimits;
import io.jstpipeline.sandbox.SandboxOptions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Window reads against the sandbox with pages fetched side by side: what page after page finds, within the limits. */
class WindowReaderSandboxTest {

    private static final QimenCallPolicy QUICK = new QimenCallPolicy(QimenCallPolicy.Settings.defaults()
            .withLimits(CallLimits.none()).withMaxAttempts(3).withBackoff(Duration.ofMillis(5), Duration.ofMillis(10)));
    private static final FlowDefinition SALEOUT = FlowCatalog.builtIn().flow("saleout");
    /** Pages of ten: a week of the sandbox's default data set is some two dozen of them. */
    private static final FlowDefinition TEN_A_PAGE = withPageSize(10);

    private final PagePool fourAtATime = PagePool.of(4);

    @AfterEach
    void closePool() {
        fourAtATime.close();
    }

    @Test
    void fourPagesAtATimeYieldTheDocumentsOfPageAfterPageInTheSameOrder() throws Exception {
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults());
             QimenClient client = clientOf(gateway)) {
            TimeWindow week = lastWeekOf(gateway);

            WindowReader.WindowRead oneByOne = new WindowReader(TEN_A_PAGE, client, QUICK,
                    FlowExtractor.DEFAULT_MAX_REREADS, PagePool.SEQUENTIAL).read(week);
            WindowReader.WindowRead sideBySide = new WindowReader(TEN_A_PAGE, client, QUICK,
                    FlowExtractor.DEFAULT_MAX_REREADS, fourAtATime).read(week);

            assertThat(oneByOne.pages()).isGreaterThan(20);
            assertThat(json(sideBySide.documents())).containsExactlyElementsOf(json(oneByOne.documents()));
            assertThat(json(sideBySide.lastRead())).containsExactlyElementsOf(json(oneByOne.lastRead()));
            assertThat(sideBySide.pages()).isEqualTo(oneByOne.pages());
            assertThat(sideBySide.settled()).isTrue();
            assertThat(sideBySide.rereads()).isZero();
        }
    }

    @Test
    void aDocumentRevisedWhilePagesAreFetchedSideBySideHasTheWindowReadAgain() throws Exception {
        // Seed 10604 draws a revision on the first occasion and on none of the next 150: right after the first
        // read's page 1, which a read fetches alone, so every later page of that read sees the window changed.
        SandboxOptions revisingOnce = SandboxOptions.defaults().withRevisionsDuringPaging(0.05, 10604);
        try (QimenGateway gateway = QimenGateway.start(revisingOnce);
             QimenClient client = clientOf(gateway)) {
            TimeWindow week = lastWeekOf(gateway);
            List<String> before = idsIn(gateway.saleouts(), week);

            WindowReader.WindowRead read = new WindowReader(TEN_A_PAGE, client, QUICK,
                    FlowExtractor.DEFAULT_MAX_REREADS, fourAtATime).read(week);

            assertThat(gateway.revisionsMade()).isEqualTo(1);
            assertThat(read.rereads()).isEqualTo(1);
            assertThat(read.settled()).isTrue();
            assertThat(ids(read.documents())).as("the revised document was read before it left")
                    .containsExactlyInAnyOrderElementsOf(before);
            assertThat(ids(read.lastRead())).as("the window as it stands")
                    .containsExactlyInAnyOrderElementsOf(idsIn(gateway.saleouts(), week))
                    .hasSize(before.size() - 1);
        }
    }

    @Test
    void pagesFetchedSideBySideShareTheMerchantsCallBudget() throws Exception {
        // Jushuitan's limits 20 times faster (5 calls per 50 ms, 100 per 3 s), and more threads than calls a second.
        double scale = 0.05;
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults()
                     .withRateLimits(RateLimits.jushuitan().scaled(scale)));
             QimenClient client = clientOf(gateway);
             PagePool sixteenAtATime = PagePool.of(PagePool.MAX_CONCURRENCY)) {
            QimenCallPolicy policy = new QimenCallPolicy(QimenCallPolicy.Settings.defaults()
                    .withLimits(CallLimits.jushuitan().scaled(scale)));

            WindowReader.WindowRead read = new WindowReader(withPageSize(5), client, policy,
                    FlowExtractor.DEFAULT_MAX_REREADS, sixteenAtATime).read(lastWeekOf(gateway));

            assertThat(read.pages()).isGreaterThan(40);
            assertThat(gateway.refusals()).as("no call over the limits").isEmpty();
            assertThat(policy.attempts()).as("no call repeated").isEqualTo(read.pages());
        }
    }

    private static FlowDefinition withPageSize(int pageSize) {
        return new FlowDefinition(SALEOUT.name(), SALEOUT.method(), SALEOUT.listField(), SALEOUT.idField(), pageSize,
                FlowDefinition.CursorMode.WINDOW, Duration.ofMinutes(1), null, 100);
    }

    private static QimenClient clientOf(QimenGateway gateway) {
        return new QimenClient(new QimenCredentials(gateway.gatewayUrl(), gateway.appKey(), gateway.appSecret(),
                gateway.customerId()));
    }

    private static TimeWindow lastWeekOf(QimenGateway gateway) {
        return new TimeWindow(gateway.options().to().minusDays(7), gateway.options().to());
    }

    private static List<String> idsIn(List<ObjectNode> notes, TimeWindow window) {
        return notes.stream()
                .filter(note -> {
                    var modified = QimenTime.parse(note.get("modified").asText());
                    return !modified.isBefore(window.start()) && modified.isBefore(window.end());
                })
                .map(note -> note.get("io_id").asText())
                .toList();
    }

    private static List<String> ids(Collection<RawDocument> documents) {
        return documents.stream().map(d -> d.fields().get("io_id").asText()).toList();
    }

    private static List<String> json(Collection<RawDocument> documents) {
        return documents.stream().map(RawDocument::text).toList();
    }
}
