package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.extractor.publish.Cursor;
import io.jstpipeline.extractor.publish.CursorStore;
import io.jstpipeline.extractor.window.WindowPlanner;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.RateLimits;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code extract} and {@code backfill} as an operator runs them. */
class ExtractCommandIT {

    @TempDir
    Path dir;

    @Test
    void aWrongSecretStopsAtTheFirstCallAsCredentialsRefusedNamingTheCodeAndTheSecretIsNowhere() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        String secret = "wrong-secret-7f3a9c";
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(50));
             CapturedLogs logs = new CapturedLogs()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = JstPipeline.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute(args(gateway, pipeline, secretFile(secret), "extract", "--once", "--flow", "saleout")
                            .toArray(String[]::new));

            assertThat(exit).as("credentials refused").isEqualTo(4);
            assertThat(err.toString()).startsWith("jst-pipeline extract: gateway " + gateway.gatewayUrl()
                    + ": credentials refused: ").contains("code 25").contains("isv.invalid-signature");
            assertThat(gateway.calls()).isEqualTo(1);
            assertThat(out + err.toString() + logs.text()).doesNotContain(secret);
            assertThat(logs.text()).isNotEmpty();
        }
    }

    @Test
    void aMissingSettingStopsStartUpNamingIt() {
        StringWriter err = new StringWriter();
        int exit = JstPipeline.commandLine().setErr(new PrintWriter(err, true))
                .execute("extract", "--once", "--gateway-url", "http://127.0.0.1:1/router/qm", "--app-key", "k",
                        "--customer-id", "c", "--bootstrap-servers", "127.0.0.1:1",
                        "--app-secret-file", dir.resolve("absent").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--app-secret-file");
    }

    @Test
    void anInterruptedBackfillShowsProgressAndResumesWhereItStopped() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        LocalDate today = QimenTime.now().toLocalDate();
        FlowDefinition flow = ExtractionIT.renamed("_bf", List.of(FlowCatalog.builtIn().flow("saleout"))).get(0);
        ExtractionIT.createRawTopics(pipeline, List.of(flow));
        Path flowsFile = saleoutFlowsFile("saleout_bf", "PT1M");
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSeed(3).withSaleoutCount(1500)
                .withRange(today.minusDays(28).atStartOfDay(), today.atStartOfDay())
                .withRateLimits(RateLimits.jushuitan()))) {
            List<String> backfill = args(gateway, pipeline, secretFile(gateway.appSecret()), "backfill",
                    "--flow", flow.name(), "--from", today.minusDays(28).toString(), "--to", today.toString(),
                    "--flows-file", flowsFile.toString());

            StringWriter first = new StringWriter();
            AtomicInteger exit = new AtomicInteger(-1);
            Thread run = new Thread(() -> exit.set(JstPipeline.commandLine()
                    .setOut(new PrintWriter(first, true)).execute(backfill.toArray(String[]::new))));
            run.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> first.toString().contains(" 2/4 windows"));
            run.interrupt();
            run.join(30_000);
            assertThat(first.toString()).contains("saleout_bf backfill [").contains("ETA").doesNotContain("Done");

            StringWriter second = new StringWriter();
            int secondExit = JstPipeline.commandLine().setOut(new PrintWriter(second, true))
                    .execute(backfill.toArray(String[]::new));

            assertThat(secondExit).as(second.toString()).isZero();
            assertThat(second.toString()).containsPattern("resuming, [234] of 4 windows were done").contains("Done");
            var ids = RawTopic.latestTsById(RawTopic.read(pipeline.stack().bootstrapServers(),
                    Topics.raw(flow.name()), IsolationLevel.READ_COMMITTED), "io_id").keySet();
            assertThat(ids).containsExactlyInAnyOrderElementsOf(
                    gateway.saleouts().stream().map(n -> n.get("io_id").asText()).toList());
        }
    }

    @Test
    void aCursorResetFencesTheRunningExtractorWhichReadsTheRangeAgainAndTheMoveIsRecorded() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        LocalDateTime now = QimenTime.now();
        Path flowsFile = saleoutFlowsFile("saleout_rc", "PT2S");
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSeed(5).withSaleoutCount(120)
                .withRange(now.minusDays(20), now.minusHours(1)))) {
            Path secret = secretFile(gateway.appSecret());
            List<String> extract = args(gateway, pipeline, secret, "extract", "--flows-file", flowsFile.toString(),
                    "--since", "P21D", "--metrics-port", "0");
            AtomicInteger exit = new AtomicInteger(-1);
            StringWriter served = new StringWriter();
            Thread extractor = new Thread(() -> exit.set(JstPipeline.commandLine()
                    .setOut(new PrintWriter(served, true)).execute(extract.toArray(String[]::new))));
            extractor.start();
            try {
                String bootstrap = pipeline.stack().bootstrapServers();
                await().atMost(Duration.ofSeconds(60)).until(() -> rawRecords(bootstrap) == 120);
                LocalDateTime resetTo = now.minusDays(10);
                // An incremental run starts a lookback before its cursor.
                LocalDateTime readFrom = resetTo.minus(WindowPlanner.DEFAULT_LOOKBACK);
                long since = gateway.saleouts().stream().filter(n -> !QimenTime.parse(n.get("modified").asText())
                        .isBefore(readFrom)).count();
                List<String> reset = args(gateway, pipeline, secret, "extract", "--flows-file", flowsFile.toString(),
                        "--reset-cursor", "saleout_rc", "--to", resetTo.toLocalDate() + "T" + resetTo.toLocalTime());

                StringWriter unconfirmed = new StringWriter();
                assertThat(JstPipeline.commandLine().setErr(new PrintWriter(unconfirmed, true))
                        .execute(reset.toArray(String[]::new))).isEqualTo(2);
                assertThat(unconfirmed.toString()).contains("would move cursor command-it/saleout_rc from ")
                        .contains("add --yes");

                reset.add("--yes");
                StringWriter moved = new StringWriter();
                assertThat(JstPipeline.commandLine().setOut(new PrintWriter(moved, true))
                        .execute(reset.toArray(String[]::new))).as(moved.toString()).isZero();
                assertThat(moved.toString()).contains("cursor command-it/saleout_rc moved from ")
                        .contains(" to " + QimenTime.format(resetTo.withNano(0)) + " by ");

                // The running extractor, fenced, reads on from the moved cursor: the range again, once.
                await().atMost(Duration.ofSeconds(60)).until(() -> rawRecords(bootstrap) >= 120 + since);
                Thread.sleep(5_000);
                assertThat(rawRecords(bootstrap)).isEqualTo(120 + since);
                Cursor cursor = new CursorStore(pipeline.stack().kafka()).load("command-it/saleout_rc").orElseThrow();
                assertThat(cursor.completedUntil()).isAfter(now.minusMinutes(5));
                assertThat(cursor.reset().to()).isEqualTo(resetTo.withNano(0));
                assertThat(cursor.reset().by()).contains(System.getProperty("user.name"));
                assertThat(extractor.isAlive()).as("the extractor still serves").isTrue();
            } finally {
                extractor.interrupt();
                extractor.join(30_000);
            }
            assertThat(exit.get()).as(served.toString()).isZero();
        }
    }

    private static long rawRecords(String bootstrap) {
        return RawTopic.read(bootstrap, Topics.raw("saleout_rc"), IsolationLevel.READ_COMMITTED).size();
    }

    /** A flows.yml declaring the saleout flow as {@code name}, run every {@code interval}. */
    private Path saleoutFlowsFile(String name, String interval) throws Exception {
        return Files.writeString(dir.resolve("flows.yml"), """
                flows:
                  - name: %s
                    method: jushuitan.saleout.list.query
                    listField: datas
                    idField: io_id
                    pageSize: 50
                    cursor: window
                    interval: %s
                    resyncAt: "03:00"
                    maxPagesPerWindow: 40
                """.formatted(name, interval));
    }

    private Path secretFile(String secret) throws Exception {
        Path file = Files.createTempFile(dir, "secret", ".txt");
        Files.writeString(file, secret, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> args(QimenGateway gateway, DemoPipeline pipeline, Path secretFile, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--gateway-url", gateway.gatewayUrl(), "--app-key", gateway.appKey(),
                "--customer-id", gateway.customerId(), "--app-secret-file", secretFile.toString(),
                "--bootstrap-servers", pipeline.stack().bootstrapServers(), "--instance", "command-it"));
        return args;
    }
}
