package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status --serve} against the deployed layout, opened in a real browser (Debian's headless Chromium): every
 * stage of the flow is drawn in order with the figures {@code status --json} prints; the Connect worker killed
 * (kill -9), the sink stage is marked DOWN within the refresh interval; then Connect is started again.
 */
class OperatorStatusPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration REFRESH = Duration.ofSeconds(5);
    /** Beside the refresh: Chromium's start and the page's fetch. */
    private static final Duration CHROMIUM_START = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final List<String> STAGES = List.of("gateway", "raw-topics", "transformer", "row-topics", "sinks",
            "tables");
    private static final Pattern STAGE = Pattern.compile("data-stage=\"([^\"]*)\" data-state=\"([^\"]*)\"");
    private static final Pattern FIGURE = Pattern.compile("data-figure=\"([^\"]*)\" data-value=\"([^\"]*)\"");
    /** Where the test leaves the page's picture (the README's docs/status-page.png is one of these). */
    private static final Path SCREENSHOT = Path.of("target/status-page.png");

    @TempDir
    Path work;

    /** The page as Chromium drew it: each stage's state in the order drawn, and every figure by id. */
    record Drawn(Map<String, String> stages, Map<String, String> figures, String html) {
    }

    @Test
    void thePageDrawsEveryStageWithTheFiguresOfStatusJsonAndMarksTheSinksDownWhenConnectDies() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install -y chromium (.ci/run does)");
        DeployedLayout layout = DeployedLayout.shared();
        int port = DeployedLayout.freePort();
        String url = "http://127.0.0.1:" + port + "/";
        OsProcess server = layout.service("status-page", layout.environment(), DeployedLayout.freePort(), "status",
                "--serve", "--port", Integer.toString(port), "--refresh", REFRESH.toString());
        try {
            layout.awaitReady("the status page", () -> layout.answers(url + "status.json"));
            server.output().lines().filter(line -> line.startsWith("Status page on ")).forEach(System.out::println);
            // The services report every 10 s: wait for the extractor's and the transformer's first reports.
            layout.awaitReady("the services' reports", () -> {
                JsonNode services = layout.run("status", "status", "--json").json().path("services");
                return hasLive(services, "extract") && hasLive(services, "transform");
            });

            Drawn drawn;
            JsonNode status;
            Map<String, String> expected;
            long deadline = System.nanoTime() + SETTLE.toNanos();
            do {
                // Figures move while a run is under way: the same reading on both sides once the pipeline is idle.
                status = layout.run("status", "status", "--json").json();
                expected = figures(status);
                drawn = draw(url);
            } while (!drawn.figures().entrySet().containsAll(expected.entrySet()) && System.nanoTime() < deadline);
            System.out.println("status --json's figures on the page: " + expected);
            assertThat(new ArrayList<>(drawn.stages().keySet())).as(drawn.html()).isEqualTo(STAGES);
            assertThat(drawn.figures()).as(drawn.html()).containsAllEntriesOf(expected);
            assertThat(drawn.stages()).as(drawn.html()).containsEntry("raw-topics", "ok")
                    .containsEntry("transformer", "ok").containsEntry("row-topics", "ok")
                    .containsEntry("sinks", "ok").containsEntry("tables", "ok");
            assertThat(drawn.stages().get("gateway")).as(drawn.html()).isNotEqualTo("down");
            // The gateway's figures, from the extractor's report: calls a minute against the merchant's budget.
            for (JsonNode service : status.path("services")) {
                if (service.path("report").path("role").asText().equals("extract")) {
                    assertThat(drawn.figures()).as(drawn.html()).containsKeys(
                            "gateway/" + service.path("key").asText() + "/calls-per-minute",
                            "gateway/" + service.path("key").asText() + "/refusals",
                            "gateway/" + service.path("key").asText() + "/faults");
                }
            }
            assertThat(drawn.html()).containsPattern(" of 100<");
            screenshot(url);
            System.out.println("$ jst-pipeline status --config pipeline.yml\n"
                    + layout.run("status", "status").output());

            layout.connect().kill();
            long killed = System.nanoTime();
            try {
                Drawn down = draw(url);
                int drawings = 1;
                while (!"down".equals(down.stages().get("sinks"))
                        && System.nanoTime() - killed < REFRESH.plus(CHROMIUM_START).toNanos()) {
                    down = draw(url);
                    drawings++;
                }
                Duration took = Duration.ofNanos(System.nanoTime() - killed);
                System.out.printf("sink stage marked DOWN %.1f s after the Connect worker was killed (Chromium's "
                        + "drawing number %d since)%n", took.toMillis() / 1000.0, drawings);
                assertThat(down.stages()).as(down.html()).containsEntry("sinks", "down");
                assertThat(down.html()).contains(">DOWN<").contains("Connect at " + layout.connectUrl())
                        .contains("does not answer");
                assertThat(took).isLessThanOrEqualTo(REFRESH.plus(CHROMIUM_START));
            } finally {
                layout.restart(layout.connect());
                layout.awaitReady("connectors after Connect's restart", layout::connectorsRunning);
            }
            layout.awaitReady("the sink stage back", () -> "ok".equals(draw(url).stages().get("sinks")));
        } finally {
            server.stop();
        }
    }

    private static boolean hasLive(JsonNode services, String role) {
        for (JsonNode service : services) {
            if (service.path("report").path("role").asText().equals(role) && !service.path("down").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    /** The figures of {@code status --json} that the page shows, by the page's figure id. */
    static Map<String, String> figures(JsonNode status) {
        Map<String, String> figures = new LinkedHashMap<>();
        status.path("rawTopics").fields().forEachRemaining(e -> figures.put("raw-topics/" + e.getKey() + "/end-offset",
                e.getValue().asText()));
        JsonNode transformer = status.path("transformer");
        figures.put("transformer/lag", transformer.path("lag").asText());
        figures.put("transformer/instances", Integer.toString(transformer.path("instances").size()));
        transformer.path("instances").forEach(i -> figures.put("transformer/" + i.path("clientId").asText()
                + "/partitions", Integer.toString(i.path("partitions").size())));
        status.path("rowTopics").fields().forEachRemaining(e -> figures.put("row-topics/" + e.getKey() + "/end-offset",
                e.getValue().asText()));
        status.path("connectors").forEach(c -> {
            String name = c.path("name").asText();
            figures.put("sinks/" + name + "/state", c.path("state").asText());
            List<String> tasks = new ArrayList<>();
            c.path("tasks").forEach(t -> tasks.add(t.asText()));
            figures.put("sinks/" + name + "/tasks", String.join(" ", tasks));
            figures.put("sinks/" + name + "/lag", c.path("lag").asText());
            figures.put("sinks/" + name + "/dead-letters", status.path("deadLetters")
                    .path("jst.dlq.sink." + name.replaceFirst("^jst-sink-", "")).asText());
        });
        status.path("tables").forEach(t -> figures.put("tables/" + t.path("name").asText() + "/rows",
                t.path("rows").asText()));
        figures.put("gateway/dead-letters", status.path("deadLetters").path("jst.dlq.extract").asText());
        status.path("cursors").forEach(c -> figures.put("gateway/cursor/" + c.path("key").asText() + "/unsettled",
                Integer.toString(c.path("unsettled").size())));
        figures.replaceAll((id, value) -> value.equals("null") ? "" : value); // the page leaves a missing figure empty
        return figures;
    }

    /** Opens the page in headless Chromium and reads what it drew. */
    private Drawn draw(String url) throws Exception {
        String html = chromium("--dump-dom", url);
        Map<String, String> stages = new LinkedHashMap<>();
        Matcher stage = STAGE.matcher(html);
        while (stage.find()) {
            stages.put(stage.group(1), stage.group(2));
        }
        Map<String, String> figures = new LinkedHashMap<>();
        Matcher figure = FIGURE.matcher(html);
        while (figure.find()) {
            figures.put(unescape(figure.group(1)), unescape(figure.group(2)));
        }
        return new Drawn(stages, figures, html);
    }

    private void screenshot(String url) throws Exception {
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
        chromium("--hide-scrollbars", "--window-size=1200,1600", "--screenshot=" + SCREENSHOT.toAbsolutePath(), url);
        System.out.println("the page's picture: " + SCREENSHOT.toAbsolutePath());
    }

    private String chromium(String... what) throws IOException, InterruptedException {
        Path profile = work.resolve("chromium-profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                // Time enough for the page's first fetch of /status.json and its drawing.
                "--virtual-time-budget=" + REFRESH.toMillis()));
        command.addAll(List.of(what));
        Path out = work.resolve("chromium.out");
        Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly().waitFor();
            throw new AssertionError("Chromium did not finish within 60 s: " + command);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String unescape(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
