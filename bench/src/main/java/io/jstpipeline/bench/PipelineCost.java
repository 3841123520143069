package io.jstpipeline.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run's rows cost in CPU: each stage's seconds per 100,000 rows, and the pipeline's CPU (every stage but
 * the database and the sandbox, which stands in for Jushuitan's servers) against the database's own for the same
 * rows. On a machine where everything shares the cores, the pipeline's CPU is what it costs a user beside the
 * database they run anyway.
 */
record PipelineCost(Map<String, Double> secondsPer100k, double pipelineSeconds, double databaseSeconds) {

    static final String DATABASE = "database";
    /** Not the pipeline's: the sandbox answers the extractor's calls, as Jushuitan's servers do in production. */
    static final String SANDBOX = "sandbox";

    static PipelineCost of(Map<String, Double> cpuSeconds, long rows) {
        Map<String, Double> per100k = new LinkedHashMap<>();
        cpuSeconds.forEach((stage, seconds) -> per100k.put(stage, seconds * 100_000 / rows));
        double pipeline = cpuSeconds.entrySet().stream()
                .filter(e -> !e.getKey().equals(DATABASE) && !e.getKey().equals(SANDBOX))
                .mapToDouble(Map.Entry::getValue).sum();
        return new PipelineCost(per100k, pipeline, cpuSeconds.getOrDefault(DATABASE, Double.NaN));
    }

    /** The pipeline's CPU over the database's; NaN when the database is not ours to measure. */
    double ratio() {
        return pipelineSeconds / databaseSeconds;
    }

    /** ", stage seconds" per 100k rows for each stage, one decimal. */
    String describePer100k() {
        StringBuilder stages = new StringBuilder();
        secondsPer100k.forEach((stage, s) -> stages.append(String.format(" %s %.1f,", stage, s)));
        return stages.isEmpty() ? "" : stages.substring(0, stages.length() - 1);
    }

    String describeRatio() {
        if (Double.isNaN(databaseSeconds)) {
            return String.format("pipeline CPU %.1f s; the database's is not measured (not the embedded one)",
                    pipelineSeconds);
        }
        return String.format("pipeline CPU %.2f x the database's (%.1f against %.1f CPU seconds; the pipeline is "
                + "every stage but the database and the sandbox)", ratio(), pipelineSeconds, databaseSeconds);
    }
}
