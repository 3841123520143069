package io.jstpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stage a run's CPU seconds are put down to, by the names the threads have in a pipeline run. */
class CpuByStageTest {

    @Test
    void eachStagesThreadsAreKnownByTheirNames() {
        assertThat(CpuByStage.stage("qimen-sandbox-3")).isEqualTo("sandbox");
        assertThat(CpuByStage.stage("HTTP-Dispatcher")).isEqualTo("sandbox");
        assertThat(CpuByStage.stage("jst-extractor-pages-2")).isEqualTo("extractor");
        assertThat(CpuByStage.stage("jst-extractor-commit-saleout")).isEqualTo("extractor");
        assertThat(CpuByStage.stage("kafka-producer-network-thread | producer-jst-extractor-bench-saleout"))
                .isEqualTo("extractor");
        assertThat(CpuByStage.stage("jst-transformer-1b2c-StreamThread-1")).isEqualTo("transformer");
        assertThat(CpuByStage.stage("kafka-producer-network-thread | jst-transformer-1b2c-StreamThread-1-producer"))
                .isEqualTo("transformer");
        assertThat(CpuByStage.stage("task-thread-jst-sink-saleout_list_query-0")).isEqualTo("sink");
        assertThat(CpuByStage.stage("jst-sink-writer-saleout_list_query")).isEqualTo("sink");
        assertThat(CpuByStage.stage("kafka-producer-network-thread | connector-dlq-producer-jst-sink-x-0"))
                .isEqualTo("sink");
        assertThat(CpuByStage.stage("data-plane-kafka-request-handler-0")).isEqualTo("broker");
        assertThat(CpuByStage.stage("quorum-controller-0-event-handler")).isEqualTo("broker");
        assertThat(CpuByStage.stage("bench-memory-watch")).isEqualTo("other");
    }

    @Test
    void theJvmsOwnThreadsAreKnownByTheirNamesInProc() {
        assertThat(CpuByStage.jvmStage("GC Thread#0")).isEqualTo("gc");
        assertThat(CpuByStage.jvmStage("G1 Conc#0")).isEqualTo("gc");
        assertThat(CpuByStage.jvmStage("G1 Refine#0")).isEqualTo("gc");
        assertThat(CpuByStage.jvmStage("ParGC Thread#1")).isEqualTo("gc");
        assertThat(CpuByStage.jvmStage("C2 CompilerThre")).isEqualTo("jit");
        assertThat(CpuByStage.jvmStage("C1 CompilerThre")).isEqualTo("jit");
        assertThat(CpuByStage.jvmStage("kafka-producer-")).isNull();
    }

    @Test
    void aRunShowsTheCpuItsThreadsUsed() {
        CpuByStage cpu = CpuByStage.start();
        long sum = 0;
        for (long i = 0; i < 50_000_000L; i++) {
            sum += i % 7;
        }
        assertThat(sum).isPositive();
        assertThat(cpu.seconds().get("other")).as("this test's thread, main, is no stage's").isPositive();
        assertThat(cpu.seconds()).as("the JIT compiler threads, read from /proc, are counted").containsKey("jit");
    }
}
