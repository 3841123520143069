package io.jstpipeline.bench;

import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import java.io.PrintWriter;
import java.nio.file.Files;

/** The database a benchmark writes to: the user's own when given, else an embedded MariaDB for the run. */
final class BenchDatabase {

    /** A benchmark's work on its database. */
    interface Work<T> {
        T on(DatabaseTarget database) throws Exception;
    }

    private BenchDatabase() {
    }

    /** {@code work} on {@code given}, or, when it is null, on an embedded MariaDB started for it and stopped after. */
    static <T> T run(DatabaseTarget given, PrintWriter out, Work<T> work) throws Exception {
        if (given != null) {
            return work.on(given);
        }
        out.println("Starting MariaDB...");
        out.flush();
        // Set up as a server for real data: a commit is on disk when it returns (what the naive loop pays for), and
        // the buffer pool holds the table.
        try (EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start(Files.createTempDirectory("jst-bench-"), "jst_bench",
                true)) {
            return work.on(new DatabaseTarget(mariaDb.jdbcUrl(), EmbeddedMariaDb.USER, ""));
        }
    }
}
