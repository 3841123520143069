package io.jstpipeline.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One {@code jst-pipeline} command run in the test's JVM, with its exit code and what it printed. */
record CommandRun(int exit, String out, String err) {

    static CommandRun of(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }

    /** Both outputs, for an assertion's description. */
    String both() {
        return out + err;
    }
}
