package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.demo.DemoPipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MySQL password never sits in a connector configuration: after {@code connectors apply} and {@code replay}
 * with a database user that has a password, every configuration read back over Connect's REST API holds only the
 * reference the worker resolves, and the connectors, which reach the database through it, run. A literal where
 * the reference belongs stops the command naming the key.
 */
class ConnectorSecretsIT {

    @TempDir
    Path dir;

    @Test
    void afterConnectorsApplyAndReplayNoConnectorConfigurationHoldsThePassword() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        PasswordUser user = PasswordUser.create(pipeline, dir);
        String[] target = {"--bootstrap-servers", pipeline.stack().bootstrapServers(),
                "--connect-url", pipeline.stack().connectRest().baseUrl(),
                "--mysql-url", user.database().jdbcUrl(), "--mysql-user", PasswordUser.USER};

        Run apply = run(user.environment(), new String[] {"connectors", "apply"}, target);
        assertThat(apply.exit()).as(apply.out()).isZero();
        assertThat(apply.out()).contains(SinkConnectors.name("saleout_list_query") + " RUNNING");
        PasswordUser.assertNoConnectorHoldsThePassword(pipeline);

        Run replay = run(user.environment(),
                new String[] {"replay", "--table", "order_list_query", "--timeout", "PT3M"}, target);
        assertThat(replay.exit()).as(replay.out()).isZero();
        PasswordUser.assertNoConnectorHoldsThePassword(pipeline);
        assertThat(apply.out() + replay.out()).doesNotContain(PasswordUser.PASSWORD);
    }

    @Test
    void aLiteralPasswordWhereItsReferenceBelongsStopsTheCommandWithoutEchoingIt() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        Run apply = run(Map.of("JST_MYSQL_PASSWORD", PasswordUser.PASSWORD,
                        "JST_CONNECT_MYSQL_PASSWORD_REF", PasswordUser.PASSWORD), new String[] {"connectors", "apply"},
                "--connect-url", pipeline.stack().connectRest().baseUrl(),
                "--bootstrap-servers", pipeline.stack().bootstrapServers());

        assertThat(apply.exit()).isNotZero();
        assertThat(apply.out()).contains("connect.mysql-password-ref").contains("provider reference")
                .doesNotContain(PasswordUser.PASSWORD);
    }

    private record Run(int exit, String out) {
    }

    private static Run run(Map<String, String> environment, String[] command, String... args) {
        StringWriter out = new StringWriter();
        int exit = JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(out, true))
                .execute(Stream.concat(Arrays.stream(command), Arrays.stream(args)).toArray(String[]::new));
        return new Run(exit, out.toString());
    }
}
