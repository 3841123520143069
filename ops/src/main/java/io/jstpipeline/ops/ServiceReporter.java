package io.jstpipeline.ops;

import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.extractor.ExtractorService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this process's {@link ServiceReport} to {@code jst.services} every {@link ServiceReport#EVERY}, and a
 * tombstone when it stops: a service stopped on purpose leaves the page, one that died shows as down.
 *
 * <p>Its figures are the process's Micrometer counters (the names are those of monitoring/alerts.yml), each summed
 * over its tags; it counts them in a registry of its own added to the global one, so that they do not depend on
 * whether {@code /metrics} is served.
 */
public final class ServiceReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceReporter.class);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /** The figures reported, by name: which counters each sums. A process reports those it has. */
    private static final Map<String, Predicate<Meter.Id>> FIGURES = figures();

    /** What the service says of itself besides its counters, read at each report. */
    public record About(String role, Supplier<Optional<String>> problem, Integer callBudgetPerMinute,
                        Supplier<List<ExtractorService.FlowStatus>> flows, Supplier<String> streamsClientId) {
    }

    private record Sample(Instant at, Map<String, Double> totals) {
    }

    private final About about;
    private final String host;
    private final long pid = ProcessHandle.current().pid();
    private final String key;
    private final Instant started = Instant.now();
    private final SimpleMeterRegistry counted = new SimpleMeterRegistry();
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("jst-service-report"));

    ServiceReporter(KafkaConnection kafka, About about) {
        this.about = about;
        this.host = hostName();
        this.key = ServiceReport.key(about.role(), host, pid);
        Properties props = kafka.properties();
        // A broker away must not hold the service's stop: the last report is given up after this.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) STOP_WAIT.toMillis());
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        Metrics.addRegistry(counted);
    }

    /** Starts reporting {@code about} this process, the first report at once. */
    public static ServiceReporter start(KafkaConnection kafka, About about) {
        ServiceReporter reporter = new ServiceReporter(kafka, about);
        reporter.scheduler.scheduleWithFixedDelay(reporter::reportSafely, 0, ServiceReport.EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return reporter;
    }

    /** The report of now: each figure's total and its growth a minute since the sample about a minute ago. */
    synchronized ServiceReport report(Instant now) {
        Sample sample = new Sample(now, totals());
        samples.addLast(sample);
        // Keep the newest sample at least a minute old as the base: it and everything after.
        while (samples.size() > 1 && !samples.stream().skip(1).findFirst().orElseThrow().at()
                .isAfter(now.minus(MINUTE))) {
            samples.removeFirst();
        }
        Sample base = samples.getFirst();
        long millis = Duration.between(base.at(), now).toMillis();
        Map<String, ServiceReport.Figure> figures = new LinkedHashMap<>();
        sample.totals().forEach((name, total) -> figures.put(name, new ServiceReport.Figure(total, millis == 0 ? 0
                : (total - base.totals().getOrDefault(name, 0.0)) * MINUTE.toMillis() / millis)));
        return new ServiceReport(about.role(), host, pid, started, now, about.problem().get().orElse(null),
                about.callBudgetPerMinute(), figures, about.flows().get(), about.streamsClientId().get());
    }

    private Map<String, Double> totals() {
        Map<String, Double> totals = new LinkedHashMap<>();
        FIGURES.forEach((name, counts) -> counted.getMeters().stream()
                .filter(meter -> meter instanceof Counter && counts.test(meter.getId()))
                .forEach(meter -> totals.merge(name, ((Counter) meter).count(), Double::sum)));
        return totals;
    }

    private void reportSafely() {
        try {
            ServiceReport report = report(Instant.now());
            producer.send(new ProducerRecord<>(Topics.SERVICES, key, report.json()), (metadata, e) -> {
                if (e != null) {
                    LOG.warn("Cannot write this service's report to {}: {}", Topics.SERVICES, e.toString());
                }
            });
        } catch (RuntimeException e) {
            // A report missed is a figure late on the page, never a reason to stop the service.
            LOG.warn("Cannot make this service's report: {}", e.toString());
        }
    }

    private static Map<String, Predicate<Meter.Id>> figures() {
        Map<String, Predicate<Meter.Id>> figures = new LinkedHashMap<>();
        figures.put("api.calls", named("jst.api.calls"));
        // QimenMetrics' outcome of a call the gateway answered: every other outcome is a fault.
        figures.put("api.faults", named("jst.api.calls").and(id -> !"ok".equals(id.getTag("outcome"))));
        figures.put("api.refusals", named("jst.api.call.limit.refusals"));
        figures.put("documents", named("jst.extractor.documents"));
        figures.put("rows", named("jst.transformer.rows"));
        return figures;
    }

    private static Predicate<Meter.Id> named(String name) {
        return id -> id.getName().equals(name);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            producer.send(new ProducerRecord<>(Topics.SERVICES, key, null));
        } catch (RuntimeException e) {
            LOG.warn("Cannot remove this service's report from {}: {}", Topics.SERVICES, e.toString());
        } finally {
            producer.close(STOP_WAIT);
            Metrics.removeRegistry(counted);
            counted.close();
        }
    }
}
