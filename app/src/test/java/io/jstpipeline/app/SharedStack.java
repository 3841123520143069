package io.jstpipeline.app;

import io.jstpipeline.demo.DemoPipeline;

/** One embedded pipeline for all integration tests of a run: starting it costs ~20 s, so it is shared. */
final class SharedStack {

    private static DemoPipeline pipeline;

    private SharedStack() {
    }

    static synchronized DemoPipeline get() throws Exception {
        if (pipeline == null) {
            pipeline = DemoPipeline.start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "stop-shared-pipeline"));
        }
        return pipeline;
    }
}
