package io.jstpipeline.connect;

import io.jstpipeline.common.DaemonThreads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts sink tasks that failed. The JDBC sink fails its task on a database error that is not transient
 * to the driver (a dropped connection during a MySQL restart, a row the database rejects), and Connect leaves
 * a failed task failed until someone restarts it. The watchdog restarts it with a growing pause, logging the
 * task's error; after too many failures in a row it stops and reports loudly, as something needs a person.
 */
public final class SinkWatchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkWatchdog.class);

    /**
     * @param checkEvery   how often the connectors' states are read
     * @param firstPause   the pause before the first restart; it doubles up to {@code maxPause}
     * @param maxRestarts  restarts in a row after which the watchdog gives up on a task
     * @param healthyAfter how long a restarted task must keep running before its failures stop counting
     */
    public record Settings(Duration checkEvery, Duration firstPause, Duration maxPause, int maxRestarts,
                           Duration healthyAfter) {

        /** Enough to ride out a database restart of several minutes. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(60), 12,
                    Duration.ofMinutes(2));
        }
    }

    /** What the watchdog knows of one task. */
    public record TaskHealth(String connector, int task, String state, int restartsInARow, boolean gaveUp,
                             String lastError) {
    }

    private final ConnectRestClient rest;
    private final List<String> connectors;
    private final Settings settings;
    private final Map<String, TaskHealth> health = new ConcurrentHashMap<>();
    private final Map<String, Long> nextRestartNanos = new ConcurrentHashMap<>();
    private final Map<String, Integer> totalRestarts = new ConcurrentHashMap<>();
    private final Map<String, Long> runningSinceNanos = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("jst-sink-watchdog"));

    public SinkWatchdog(ConnectRestClient rest, List<String> connectors, Settings settings) {
        this.rest = rest;
        this.connectors = List.copyOf(connectors);
        this.settings = settings;
    }

    public SinkWatchdog start() {
        scheduler.scheduleWithFixedDelay(this::checkQuietly, 0, settings.checkEvery().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public List<TaskHealth> health() {
        return health.values().stream().sorted((a, b) -> (a.connector() + a.task()).compareTo(b.connector() + b.task()))
                .toList();
    }

    /** Restarts done so far on {@code connector}'s tasks, in all. */
    public int restarts(String connector) {
        return totalRestarts.getOrDefault(connector, 0);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void checkQuietly() {
        for (String connector : connectors) {
            try {
                check(connector);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("cannot read the state of connector {}: {}", connector, e.getMessage());
            }
        }
    }

    private void check(String connector) throws Exception {
        for (ConnectRestClient.TaskStatus task : rest.status(connector).tasks()) {
            String key = connector + "/" + task.id();
            TaskHealth known = health.getOrDefault(key, new TaskHealth(connector, task.id(), task.state(), 0, false, null));
            long now = System.nanoTime();
            if (!"FAILED".equals(task.state())) {
                // A restarted task runs a while before the same bad row fails it again: only a task that kept
                // running for healthyAfter has recovered, and its next failure starts a new count.
                long since = runningSinceNanos.computeIfAbsent(key, k -> now);
                boolean recovered = now - since >= settings.healthyAfter().toNanos();
                health.put(key, new TaskHealth(connector, task.id(), task.state(),
                        recovered ? 0 : known.restartsInARow(), false, known.lastError()));
                continue;
            }
            runningSinceNanos.remove(key);
            String error = task.error();
            if (known.gaveUp()) {
                health.put(key, new TaskHealth(connector, task.id(), task.state(), known.restartsInARow(), true, error));
                continue;
            }
            if (known.restartsInARow() >= settings.maxRestarts()) {
                LOG.error("GAVE UP on sink task {} after {} restarts in a row; it stays FAILED until a person acts. "
                        + "Last error: {}", key, known.restartsInARow(), error);
                health.put(key, new TaskHealth(connector, task.id(), task.state(), known.restartsInARow(), true, error));
                continue;
            }
            if (now < nextRestartNanos.getOrDefault(key, 0L)) {
                continue;
            }
            int attempt = known.restartsInARow() + 1;
            LOG.warn("sink task {} FAILED ({}); restart {} of at most {}", key, error, attempt, settings.maxRestarts());
            rest.restartTask(connector, task.id());
            totalRestarts.merge(connector, 1, Integer::sum);
            nextRestartNanos.put(key, now + pause(attempt).toNanos());
            health.put(key, new TaskHealth(connector, task.id(), "RESTARTING", attempt, false, error));
        }
    }

    private Duration pause(int attempt) {
        Duration pause = settings.firstPause().multipliedBy(1L << Math.min(attempt - 1, 20));
        return pause.compareTo(settings.maxPause()) > 0 ? settings.maxPause() : pause;
    }
}
