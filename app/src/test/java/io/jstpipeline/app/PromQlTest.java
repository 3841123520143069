package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void functionsKeywordsLabelsAndRangesAreNotMetricNames() {
        assertThat(PromQl.metricNames("sum by (method) (rate(jst_api_calls_total{outcome!=\"ok\"}[10m]))\n"
                + "  / sum by (method) (rate(jst_api_calls_total[10m])) > 0.1"))
                .containsExactly("jst_api_calls_total");
        assertThat(PromQl.metricNames("sum by (group) (jst_consumer_lag_records) > 1000 and sum by (group) "
                + "(deriv(jst_consumer_lag_records[15m])) > 0")).containsExactly("jst_consumer_lag_records");
        assertThat(PromQl.metricNames("sum by (table) (jst_reconcile_missing_rows + jst_reconcile_extra_rows) > 0"))
                .containsExactly("jst_reconcile_extra_rows", "jst_reconcile_missing_rows");
        assertThat(PromQl.metricNames("rate(kafka_producer_record_error_total[5m]) > 0 or up == 0"))
                .containsExactly("kafka_producer_record_error_total", "up");
    }
}
