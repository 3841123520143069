package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.qimen.QimenTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RowFreshnessTest {

    private static final Schema ROW = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA)
            .field("modified", Timestamp.builder().optional().build()).build();
    /** 12:00:00 China time, whatever the machine's zone. */
    private static final LocalDateTime NOON = LocalDateTime.of(2026, 3, 1, 12, 0);
    private static final Clock CLOCK = Clock.fixed(NOON.atZone(QimenTime.ZONE).toInstant(), QimenTime.ZONE);

    private final Metrics registry = new Metrics();
    /** As Connect tags a task's plugin metrics. */
    private final PluginMetricsImpl taskMetrics = new PluginMetricsImpl(registry,
            new LinkedHashMap<>(Map.of("connector", "jst-sink-t", "task", "0")));

    @AfterEach
    void close() throws Exception {
        taskMetrics.close();
        registry.close();
    }

    @Test
    void aWrittenRowsAgeIsChinaTimeNowMinusItsModifiedTime() {
        RowFreshness freshness = new RowFreshness(taskMetrics, "t", CLOCK);

        freshness.written(List.of(row("a", NOON.minusSeconds(90)), row("b", NOON.minusSeconds(30)), row("c", null)));

        assertThat(value("row-age-seconds-max")).isEqualTo(90.0);
        assertThat(value("row-age-seconds-avg")).isEqualTo(60.0);
        assertThat(value("rows-aged-total")).as("rows without a modified time are not aged").isEqualTo(2.0);
    }

    @Test
    void theNewestRowsAgeGrowsWithTheClockUntilANewerRowIsWritten() {
        AtomicReference<Clock> clock = new AtomicReference<>(CLOCK);
        RowFreshness freshness = new RowFreshness(taskMetrics, "t", new Clock() {
            @Override
            public ZoneId getZone() {
                return QimenTime.ZONE;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return clock.get().instant();
            }
        });
        assertThat(value("newest-row-age-seconds")).as("before any row").isNaN();

        freshness.written(List.of(row("a", NOON.minusSeconds(30)), row("b", NOON.minusSeconds(300))));
        assertThat(value("newest-row-age-seconds")).isEqualTo(30.0);
        clock.set(Clock.offset(CLOCK, Duration.ofMinutes(10)));
        assertThat(value("newest-row-age-seconds")).isEqualTo(630.0);

        freshness.written(List.of(row("c", NOON.plusMinutes(9))));
        assertThat(value("newest-row-age-seconds")).isEqualTo(60.0);
    }

    @Test
    void eachTaskHasItsOwnFigures() throws Exception {
        PluginMetricsImpl otherTask = new PluginMetricsImpl(registry,
                new LinkedHashMap<>(Map.of("connector", "jst-sink-t", "task", "1")));
        new RowFreshness(taskMetrics, "t", CLOCK).written(List.of(row("a", NOON.minusSeconds(10))));
        new RowFreshness(otherTask, "t", CLOCK).written(List.of(row("b", NOON.minusSeconds(500))));

        assertThat(value("row-age-seconds-max")).isEqualTo(10.0);
        otherTask.close();
    }

    private double value(String name) {
        Map<String, String> tags = new LinkedHashMap<>(Map.of("connector", "jst-sink-t", "task", "0", "table", "t"));
        KafkaMetric metric = registry.metrics().get(new MetricName(name, "plugins", "", tags));
        assertThat(metric).as(name + " in " + registry.metrics().keySet()).isNotNull();
        return (double) metric.metricValue();
    }

    private static SinkRecord row(String id, LocalDateTime modified) {
        Struct value = new Struct(ROW).put("id", id)
                .put("modified", modified == null ? null : new Date(modified.toEpochSecond(ZoneOffset.UTC) * 1000));
        return new SinkRecord("jst.rows.t", 0, Schema.STRING_SCHEMA, id, ROW, value, 0);
    }
}
