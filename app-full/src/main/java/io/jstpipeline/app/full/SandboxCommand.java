package io.jstpipeline.app.full;

import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.RateLimits;
import io.jstpipeline.sandbox.SandboxOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jst-pipeline sandbox}: the Qimen gateway stand-in on its own, for trying a client against it. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run the Qimen gateway sandbox alone and print its URL and credentials.")
final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--host", description = "Address to listen on; 0.0.0.0 serves other machines and containers. "
            + "Default: ${DEFAULT-VALUE}.")
    String host = QimenGateway.LOOPBACK;

    @Option(names = "--port", description = "Port to listen on (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port = 8980;

    @Option(names = "--saleouts", description = "Number of sales outbound notes. Default: ${DEFAULT-VALUE}.")
    int saleouts = 1000;

    @Option(names = "--orders", description = "Number of sales orders. Default: ${DEFAULT-VALUE}.")
    int orders = 1000;

    @Option(names = "--rate-limits", description = "Enforce Jushuitan's call limits (5/s, 100/min), answering "
            + "199/200 over them.")
    boolean rateLimits;

    @Option(names = "--seed", description = "Seed of the data set: the same seed and count give the same notes. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Mixin
    SandboxStrain strain;

    @Override
    public Integer call() throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withPort(port).withSaleoutCount(saleouts)
                .withOrderCount(orders).withSeed(seed)
                .withRateLimits(rateLimits ? RateLimits.jushuitan() : RateLimits.none());
        options = strain.applyTo(options, seed);
        try (QimenGateway gateway = QimenGateway.start(options, host)) {
            System.out.println(gateway.describe());
            System.out.println("Ctrl-C to stop.");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
