package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.demo.DemoPipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConnectorsCommandIT {

    @Test
    void applyPutsEveryTablesConnectorAndWaitsUntilTheyRun() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        StringWriter out = new StringWriter();

        int exit = JstPipeline.commandLine().setOut(new PrintWriter(out, true)).execute("connectors", "apply",
                "--history", "--bootstrap-servers", pipeline.stack().bootstrapServers(),
                "--connect-url", pipeline.stack().connectRest().baseUrl(),
                "--mysql-url", pipeline.stack().database().jdbcUrl(), "--mysql-user", pipeline.stack().database().user());

        assertThat(exit).as(out.toString()).isZero();
        DemoPipeline.MAPPINGS.tables().forEach(table -> assertThat(out.toString())
                .contains(SinkConnectors.name(table.name()) + " RUNNING")
                .contains(SinkConnectors.historyName(table.name()) + " RUNNING"));
        assertThat(pipeline.tableRows().count("order_item_list_query_history")).isNotNegative();
        assertThat(pipeline.stack().connectRest().connectors())
                .contains(SinkConnectors.name("order_item_list_query"));
        // On a cluster of one broker: laid out by the command at kafka.replication-factor (1), not Connect's 3.
        try (var admin = pipeline.stack().admin()) {
            assertThat(admin.listTopics().names().get()).containsAll(DemoPipeline.MAPPINGS.tables().stream()
                    .map(t -> Topics.sinkDlq(t.name() + "_history")).toList());
        }
    }
}
