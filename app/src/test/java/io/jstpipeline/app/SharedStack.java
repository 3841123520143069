package io.jstpipeline.app;

import io.jstpipeline.app.local.LocalStack;
import io.jstpipeline.transformer.table.SaleoutListQuery;
import java.util.List;

/** One embedded stack for all integration tests of a run: starting it costs ~20 s, so it is shared. */
final class SharedStack {

    private static LocalStack stack;

    private SharedStack() {
    }

    static synchronized LocalStack get() throws Exception {
        if (stack == null) {
            stack = LocalStack.start(null);
            stack.deploy(List.of("saleout"), List.of(SaleoutListQuery.NAME));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-shared-stack"));
        }
        return stack;
    }
}
