package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.ExtractorSettings;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCommandIT {

    @Test
    void statusShowsCursorsLagDeadLettersAndConnectorsForPeopleAndScripts() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        List<FlowDefinition> flows = ExtractionIT.renamed("_status", FlowCatalog.builtIn().flows());
        ExtractionIT.createRawTopics(pipeline, flows);
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(50, 50, 23));
             ExtractorService extractor = new ExtractorService(ExtractorSettings.of(
                     DemoPipeline.credentialsOf(gateway), pipeline.stack().kafka(), flows,
                     gateway.options().from()).withInstance("status-it")
                     .withCallPolicy(new QimenCallPolicy(QimenCallPolicy.Settings.defaults()
                             .withLimits(CallLimits.none()))))) {
            extractor.runOnce(ExtractionListener.NONE);
        }
        String[] where = {"--bootstrap-servers", pipeline.stack().bootstrapServers(),
                "--connect-url", pipeline.stack().connectRest().baseUrl()};

        StringWriter json = new StringWriter();
        int exit = JstPipeline.commandLine().setOut(new PrintWriter(json, true))
                .execute(concat("status", "--json", where));
        assertThat(exit).isZero();
        JsonNode status = Json.MAPPER.readTree(json.toString());
        assertThat(status.findValuesAsText("key")).as("an instance's cursors are its own")
                .contains("status-it/saleout_status", "status-it/order_status");
        assertThat(status.path("cursors").get(0).path("behindSeconds").asLong()).isPositive();
        assertThat(status.path("deadLetters").has("jst.dlq.transform")).isTrue();
        assertThat(status.path("consumerLag").has(io.jstpipeline.transformer.TransformerService.DEFAULT_APPLICATION_ID))
                .isTrue();
        assertThat(status.path("connectors").get(0).path("state").asText()).isEqualTo("RUNNING");

        // Commit markers take offsets no consumer commits past: an idle sink must still show no lag.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() -> {
            StringWriter again = new StringWriter();
            JstPipeline.commandLine().setOut(new PrintWriter(again, true)).execute(concat("status", "--json", where));
            return Json.MAPPER.readTree(again.toString()).path("consumerLag")
                    .path("connect-jst-sink-saleout_list_query").asLong(-1) == 0;
        });

        StringWriter table = new StringWriter();
        JstPipeline.commandLine().setOut(new PrintWriter(table, true)).execute(concat("status", null, where));
        assertThat(table.toString()).contains("Extractor cursors").contains("saleout_status")
                .contains("Dead letters").contains("jst-sink-saleout_list_query");
    }

    private static String[] concat(String command, String flag, String[] rest) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        if (flag != null) {
            args.add(flag);
        }
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }
}
