package io.jstpipeline.ops;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.publish.LatestRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a service process ({@code extract}, {@code transform}, {@code run}) says of itself every {@link #EVERY} in
 * {@code jst.services}, keyed by role, host and process: the figures that live in that process alone (the gateway's
 * calls against the budget, its refusals and faults, each flow's last error; the rows made, the Streams state), so
 * that {@code status} reads them from Kafka like everything else and needs no address of the services.
 *
 * @param role                {@code extract}, {@code transform} or {@code run}
 * @param problem             why the service is not ready for work (its {@code /ready}), or null while it is
 * @param callBudgetPerMinute the merchant's calls a minute, or null when the service makes no calls
 * @param figures             counters of the process by name, see {@link ServiceReporter}
 * @param flows               the extractor's flows, each with its state and last error; empty for a transformer
 * @param streamsClientId     the transformer's Streams client id (as in its consumer group), or null
 */
public record ServiceReport(String role, String host, long pid,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) Instant started,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) Instant seen,
                            String problem, Integer callBudgetPerMinute, Map<String, Figure> figures,
                            List<ExtractorService.FlowStatus> flows, String streamsClientId) {

    /** How often a service reports. */
    public static final Duration EVERY = Duration.ofSeconds(10);
    /** A service not seen for this long is down: three reports missed. */
    public static final Duration DOWN_AFTER = EVERY.multipliedBy(3);
    /** A service not seen for this long is left out: a process stopped long ago, e.g. by kill -9. */
    public static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

    /** A counter's total since the process started, and how fast it grew over about the last minute. */
    public record Figure(double total, double perMinute) {
    }

    /** A service as {@code status} shows it: its last report, how long ago that was, and whether it is down. */
    public record ServiceState(String key, long secondsSinceSeen, boolean down, ServiceReport report) {
    }

    /** The key in {@code jst.services}: one per process. */
    static String key(String role, String host, long pid) {
        return role + "/" + host + "/" + pid;
    }

    /** Every service's last report, but those not seen for {@link #FORGOTTEN_AFTER}, by key. */
    public static List<ServiceState> read(KafkaConnection kafka, Instant now) {
        List<ServiceState> services = new ArrayList<>();
        new TreeMap<>(LatestRecords.of(kafka, Topics.SERVICES, Duration.ofSeconds(10))).forEach((key, json) -> {
            ServiceReport report = parse(json);
            Duration since = Duration.between(report.seen(), now);
            if (since.compareTo(FORGOTTEN_AFTER) < 0) {
                services.add(new ServiceState(key, Math.max(0, since.toSeconds()), since.compareTo(DOWN_AFTER) > 0,
                        report));
            }
        });
        return services;
    }

    String json() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceReport parse(String json) {
        try {
            return Json.MAPPER.readValue(json, ServiceReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable report in " + Topics.SERVICES + ": " + json, e);
        }
    }
}
