package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.Topics;
import io.jstpipeline.embedded.EmbeddedKafka;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code topics check|apply} and the services' own check at start, on a broker of their own where the extractor's
 * state topic was auto-created the broker's way (delete policy), as on a cluster nobody laid out.
 */
class TopicsCommandIT {

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.EXTRACTOR_STATE, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void extractStopsOnAStateTopicThatDeletesWithOneLineNamingItAndTheFixThenTopicsApplyMendsIt() {
        Run stopped;
        // A gateway that answers: extract reaches it before it lays out its topics.
        try (QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withSaleoutCount(1))) {
            stopped = run(Map.of("JST_QIMEN_APP_SECRET", gateway.appSecret()), "extract", "--once",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--gateway-url", gateway.gatewayUrl(),
                    "--app-key", gateway.appKey(), "--customer-id", gateway.customerId());
        }
        assertThat(stopped.exit).as(stopped.err).isEqualTo(2);
        assertThat(stopped.err.lines()).singleElement().asString()
                .startsWith("jst-pipeline extract: topic jst.extractor.state has cleanup.policy=delete but must have "
                        + "compact")
                .contains("fix: jst-pipeline topics apply, or kafka-configs.sh --bootstrap-server "
                        + kafka.bootstrapServers());

        Run check = run(Map.of(), "topics", "check", "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(check.exit).isEqualTo(1);
        assertThat(check.out).contains("topic jst.extractor.state has cleanup.policy=delete")
                .contains("topic jst.rows.saleout_list_query is missing; fix: jst-pipeline topics apply")
                .as("extract laid out its raw topics before it stopped on the state topic")
                .doesNotContain("topic jst.raw.saleout is missing");

        Run apply = run(Map.of(), "topics", "apply", "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(apply.exit).as(apply.out + apply.err).isZero();
        assertThat(apply.out).contains("created jst.rows.order_list_query", "created jst.dlq.transform",
                "created jst.dlq.sink.order_item_list_query", "set cleanup.policy=compact on jst.extractor.state (was delete)");

        Run again = run(Map.of(), "topics", "check", "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(again.exit).as(again.out).isZero();
        assertThat(again.out).contains("are as their roles need");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
