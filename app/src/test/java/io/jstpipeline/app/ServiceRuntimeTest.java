package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service runtime has no demo, sandbox or bench, and says so instead of "unknown command". */
class ServiceRuntimeTest {

    @Test
    void aFullRuntimeCommandAnswersThatItNeedsTheFullRuntime() {
        for (String command : JstPipeline.FULL_RUNTIME_COMMANDS) {
            StringWriter err = new StringWriter();
            int exit = JstPipeline.commandLine(Map.of()).setErr(new PrintWriter(err, true))
                    .execute(command, "--once", "--saleouts", "10");
            assertThat(exit).as(command).isEqualTo(2);
            assertThat(err.toString()).as(command).contains("jst-pipeline " + command + ": needs the full runtime")
                    .contains("./jst-pipeline " + command);
        }
    }

    @Test
    void theServiceCommandsAreAllThere() {
        assertThat(JstPipeline.commandLine(Map.of()).getSubcommands().keySet()).contains("extract", "backfill",
                "transform", "connectors", "replay", "reconcile", "status", "run");
    }
}
