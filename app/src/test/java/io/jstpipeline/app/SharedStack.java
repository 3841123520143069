package io.jstpipeline.app;

import io.jstpipeline.local.LocalPipeline;

/** One embedded pipeline for all integration tests of a run: starting it costs ~20 s, so it is shared. */
final class SharedStack {

    private static LocalPipeline pipeline;

    private SharedStack() {
    }

    static synchronized LocalPipeline get() throws Exception {
        if (pipeline == null) {
            pipeline = LocalPipeline.start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "stop-shared-pipeline"));
        }
        return pipeline;
    }
}
