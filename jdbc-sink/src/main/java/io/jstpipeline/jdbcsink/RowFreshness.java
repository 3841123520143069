package io.jstpipeline.jdbcsink;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The pipeline's end-to-end freshness, measured where it ends: how long after its document changed in the ERP a
 * row is in its table, China time now minus the row's {@code modified} when its put is committed. It includes the
 * extractor's lag behind the gateway, Kafka, the transformer and the sink. As the task's plugin metrics, which
 * Connect shows in JMX as {@code kafka.connect:type=plugins,connector=…,task=…,table=…} (monitoring/jmx/connect.yml
 * exports them): {@code row-age-seconds-avg} and {@code -max} over Connect's metrics window (two samples of 30 s
 * unless the worker says otherwise; no row in it gives NaN), {@code rows-aged-total}, and
 * {@code newest-row-age-seconds}: China time now minus the newest modified time the task has committed, which
 * grows while nothing changes (or nothing arrives) and shows how current the table is.
 */
final class RowFreshness {

    /** The column of the ERP's modification time, in China wall-clock time (RowConverter: epoch millis at UTC). */
    static final String MODIFIED = "modified";

    private final Sensor ages;
    private final Clock chinaClock;
    /** The newest modified time committed, as RowConverter gives it; none yet: Long.MIN_VALUE. */
    private final AtomicLong newestModified = new AtomicLong(Long.MIN_VALUE);

    /** @param chinaClock the clock in China time ({@code Clock.system(QimenTime.ZONE)}) */
    RowFreshness(PluginMetrics metrics, String table, Clock chinaClock) {
        this.chinaClock = chinaClock;
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("table", table);
        MetricName max = metrics.metricName("row-age-seconds-max",
                "The oldest row written lately: China time at its commit minus its modified time", tags);
        // Sensors are named in the worker's one registry: the metric's tags (connector, task, table) keep it this task's.
        ages = metrics.addSensor("jst-row-age" + max.tags());
        ages.add(max, new Max());
        ages.add(metrics.metricName("row-age-seconds-avg",
                "Rows written lately: China time at their commit minus their modified time, on average", tags), new Avg());
        ages.add(metrics.metricName("rows-aged-total", "Rows written with a modified time", tags),
                new CumulativeCount());
        metrics.addMetric(metrics.metricName("newest-row-age-seconds",
                "China time now minus the newest modified time written", tags), (Measurable) (config, now) -> {
                    long newest = newestModified.get();
                    return newest == Long.MIN_VALUE ? Double.NaN : (nowMillis() - newest) / 1000.0;
                });
    }

    /** Rows now committed to the table; those without a modified time are left out. */
    void written(Collection<SinkRecord> rows) {
        long now = nowMillis();
        for (SinkRecord row : rows) {
            if (row.value() instanceof Struct value && value.schema().field(MODIFIED) != null
                    && value.get(MODIFIED) instanceof Date modified) {
                ages.record((now - modified.getTime()) / 1000.0);
                newestModified.accumulateAndGet(modified.getTime(), Math::max);
            }
        }
    }

    /** China wall-clock time now as epoch milliseconds at UTC, as RowConverter gives modified times. */
    private long nowMillis() {
        return LocalDateTime.now(chinaClock).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
