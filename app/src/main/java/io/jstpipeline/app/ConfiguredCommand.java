package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.ops.TopicLayout;
import io.jstpipeline.ops.check.Component;
import io.jstpipeline.ops.check.DeploymentCheck;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works from the pipeline's configuration: the file, the environment and the command's own options,
 * checked as a whole before anything starts; with {@code --print-config} it prints that and does nothing else.
 */
abstract class ConfiguredCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions configuration;

    @Spec
    CommandSpec spec;

    /** How often a serving command asks whether its services can still work. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    /** How long a stopping JVM waits for the command to close its services. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** Counted down once {@link #run} has returned, its resources closed. */
    private final CountDownLatch finished = new CountDownLatch(1);

    /** The configuration once loaded, for naming a failing component's address; null before. */
    private PipelineConfig loaded;

    @Override
    public final Integer call() throws Exception {
        PipelineConfig config = configuration.load(overrides());
        loaded = config;
        try {
            if (configuration.printed()) {
                return 0;
            }
            // One line naming the part and its address within seconds, rather than a client's minute of retries.
            DeploymentCheck.require(DeploymentChecks.of(config, needs(), false));
            return run(config, spec.commandLine().getOut());
        } finally {
            finished.countDown();
        }
    }

    /** The configuration the command ran with, or null when it stopped before it was loaded. */
    PipelineConfig loaded() {
        return loaded;
    }

    /**
     * The components the command uses, each reached before it starts anything: Kafka unless said otherwise. One
     * not configured (connect.url, mysql.url) is skipped here, and the command names it if it needs it.
     */
    Set<Component> needs() {
        return EnumSet.of(Component.KAFKA);
    }

    /**
     * Serves until the process is asked to stop (Ctrl-C, SIGTERM: returns 0, and the JVM waits for the caller to
     * close its services) or {@code failure} names why the services can do their work no more: then one line on
     * stderr says why and it returns 1, so that compose or Kubernetes restarts the process (and {@code /ready}
     * says the same meanwhile).
     */
    int serveUntilStopped(Supplier<Optional<String>> failure) {
        return serveUntilStopped(failure, CHECK_EVERY, () -> { });
    }

    /** {@link #serveUntilStopped(Supplier)}, running {@code report} every {@code reportEvery} meanwhile. */
    int serveUntilStopped(Supplier<Optional<String>> failure, Duration reportEvery, Runnable report) {
        Thread serving = Thread.currentThread();
        Thread stopper = new Thread(() -> {
            serving.interrupt();
            try {
                finished.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jst-" + spec.name() + "-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            long checks = 0;
            while (true) {
                Thread.sleep(CHECK_EVERY.toMillis());
                Optional<String> why = failure.get();
                if (why.isPresent()) {
                    spec.commandLine().getErr().println("jst-pipeline " + spec.name() + ": cannot go on, stopping: "
                            + why.get());
                    return 1;
                }
                if (++checks % Math.max(1, reportEvery.dividedBy(CHECK_EVERY)) == 0) {
                    report.run();
                }
            }
        } catch (InterruptedException e) {
            spec.commandLine().getOut().println("Stopped.");
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is stopping and the hook is what interrupted us.
            }
        }
    }

    /** The command's options that override configuration keys. */
    abstract List<ConfigOptions.Source> overrides();

    /**
     * Creates the topics {@code which} names that are missing, and stops the command on one that exists with a
     * setting its role does not allow: every service lays out what it writes, so none is left to a broker's defaults.
     *
     * @throws TopicLayout.TopicMismatchException a line per topic at fault, naming the setting and the fix
     */
    static void ensureTopics(PipelineConfig config, Function<TopicLayout, List<TopicLayout.Topic>> which)
            throws Exception {
        TopicLayout layout = config.topicLayout();
        try (Admin admin = Admin.create(config.kafka().properties())) {
            layout.ensure(admin, which.apply(layout), config.bootstrapServers());
        }
    }

    /** The command's work on a checked configuration; returns the exit code. */
    abstract int run(PipelineConfig config, PrintWriter out) throws Exception;
}
