package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.ops.PipelineStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code status --serve}'s server: the page, and the status it reads again every refresh as {@code /status.json}. */
class StatusPageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration REFRESH = Duration.ofSeconds(1);

    @Test
    void thePageIsSelfContainedAndFetchesTheStatusEveryRefresh() throws Exception {
        try (StatusPage page = StatusPage.start("127.0.0.1", 0, REFRESH, () -> status(0))) {
            HttpResponse<String> html = get(page, "");
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(html.body()).contains("const REFRESH_MS = 1000;").contains("fetch(\"status.json\"")
                    .contains("name=\"viewport\"")
                    .doesNotContain("__REFRESH_MS__").doesNotContain("<script src").doesNotContain("<link");
            assertThat(get(page, "favicon.ico").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void statusJsonIsWhatStatusJsonPrintsReadAgainEachRefresh() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        try (StatusPage page = StatusPage.start("127.0.0.1", 0, REFRESH, () -> status(reads.incrementAndGet()))) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get(page, "status.json").statusCode() == 200);
            JsonNode first = Json.MAPPER.readTree(get(page, "status.json").body());
            assertThat(first.path("rawTopics").path("jst.raw.saleout").asLong()).isPositive();
            assertThat(first.path("at").asText()).isEqualTo("2026-12-05T11:45:00Z");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Json.MAPPER.readTree(get(page,
                    "status.json").body()).path("rawTopics").path("jst.raw.saleout").asLong()
                    > first.path("rawTopics").path("jst.raw.saleout").asLong());
        }
    }

    @Test
    void aStatusThatCannotBeReadIs503WithTheReason() throws Exception {
        try (StatusPage page = StatusPage.start("127.0.0.1", 0, REFRESH, () -> {
            throw new IllegalStateException("kafka 127.0.0.1:9: cannot connect within 5 s");
        })) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get(page, "status.json").body()
                    .contains("cannot connect"));
            HttpResponse<String> failed = get(page, "status.json");
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(Json.MAPPER.readTree(failed.body()).path("error").asText())
                    .isEqualTo("kafka 127.0.0.1:9: cannot connect within 5 s");
        }
    }

    @Test
    void aRefreshUnderASecondIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> StatusPage.start("127.0.0.1", 0, Duration.ofMillis(100), () -> status(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--refresh");
    }

    private static PipelineStatus status(int read) {
        return new PipelineStatus(Instant.parse("2026-12-05T11:45:00Z"), List.of(), List.of(),
                Map.of("jst.raw.saleout", 100L + read), new PipelineStatus.TransformerState("jst-transformer",
                "Stable", 0, List.of()), Map.of(), null, List.of(), List.of(), Map.of(), Map.of(), Map.of());
    }

    private static HttpResponse<String> get(StatusPage page, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(page.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
