package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.ops.TruthCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory per service in the deployed layout (separate JVMs, each with the layout's {@code -Xmx}): the extractor,
 * one transformer and the Connect worker move every document of the sandbox into MariaDB; then each service's
 * peak heap (its GC log, and its heap at the end) and peak RSS (VmHWM) are printed, with the broker's for
 * information. By default a small data set; the measurement of BENCHMARKS.md is 150,000 notes (about 300,000 rows):
 * {@code -Djst.memory.notes=150000} ({@code -Djst.memory.orders}, default a tenth of the notes).
 */
class ServiceMemoryIT {

    private static final int NOTES = Integer.getInteger("jst.memory.notes", 2_000);
    private static final int ORDERS = Integer.getInteger("jst.memory.orders", NOTES / 10);
    private static final long HEAP_MIB = Long.parseLong(DeployedLayout.HEAP.replaceAll("\\D", ""));
    /** Generous: 150,000 notes moved in about three minutes on two shared cores; this waits up to 30. */
    private static final Duration ARRIVE_WITHIN = Duration.ofMinutes(Math.max(5, NOTES / 5_000));

    @TempDir
    Path work;

    private DeployedLayout layout;

    @AfterEach
    void stopEverything() throws Exception {
        if (layout != null) {
            layout.close();
        }
    }

    @Test
    void eachServiceMovesEveryRowWithinItsHeap() throws Exception {
        layout = DeployedLayout.start(work, List.of("--saleouts", Integer.toString(NOTES), "--orders",
                Integer.toString(ORDERS)));
        // The sandbox has no call limits here: the extractor reads at the sandbox's pace, as a backfill would
        // from a gateway that lets it, so that the services hold as much at once as they ever do.
        Map<String, String> unlimited = new LinkedHashMap<>(layout.environment());
        unlimited.put("JST_QIMEN_RATE_LIMIT_PER_SECOND", "1000");
        unlimited.put("JST_QIMEN_RATE_LIMIT_PER_MINUTE", "60000");
        JsonNode truth = layout.truth();
        Map<String, List<JsonNode>> documents = Map.of("saleout", list(truth.path("saleout")),
                "order", list(truth.path("order")));
        TableRows rows = layout.rows();
        TruthCheck check = new TruthCheck(Mappings.builtIn(), rows);
        Map<String, Integer> expected = new LinkedHashMap<>();
        check.compare(documents).forEach(table -> expected.put(table.table(), table.expected()));

        long started = System.nanoTime();
        Instant moving = Instant.now();
        Map<String, OsProcess> services = new LinkedHashMap<>();
        services.put("extractor", layout.service("extractor", unlimited, DeployedLayout.freePort(), "extract"));
        services.put("transformer", layout.service("transformer", layout.transforming("a"),
                DeployedLayout.freePort(), "transform"));
        services.put("connect", layout.connect());
        services.put("broker", layout.broker());

        long deadline = started + ARRIVE_WITHIN.toNanos();
        while (!arrived(rows, expected) && System.nanoTime() < deadline
                && services.values().stream().allMatch(OsProcess::alive)) {
            Thread.sleep(2_000);
        }
        long rowsIn = 0;
        for (String table : expected.keySet()) {
            rowsIn += rows.count(table);
        }
        System.out.printf("memory: %,d notes and %,d orders, %,d rows in %.0f s%n", NOTES, ORDERS, rowsIn,
                (System.nanoTime() - started) / 1e9);
        Map<String, HeapUse> heaps = new LinkedHashMap<>();
        for (Map.Entry<String, OsProcess> service : services.entrySet()) {
            OsProcess process = service.getValue();
            HeapUse heap = process.heapUse(Instant.EPOCH);
            HeapUse whileMoving = process.heapUse(moving);
            heaps.put(service.getKey(), heap);
            System.out.printf("memory, %s: peak heap %d MiB of -Xmx %d MiB, peak RSS %d MiB, %d rows"
                            + " (while the rows moved: peak heap %d MiB, at most %d MiB left after a collection,"
                            + " %d collections)%n", service.getKey(), heap.peakMiB(), heap.maxMiB(),
                    process.alive() ? process.peakRssMiB() : -1, rowsIn, whileMoving.peakMiB(),
                    whileMoving.peakAfterCollectionMiB(), whileMoving.collections());
        }

        List<TruthCheck.TableResult> results = check.compare(documents);
        results.forEach(result -> System.out.println(result.summary()));
        assertThat(results).as("every table against the sandbox's truth; the processes' last log lines:\n"
                + layout.logs()).allMatch(TruthCheck.TableResult::matches);
        services.forEach((name, process) -> {
            assertThat(process.alive()).as(name + " still running:\n" + process.tail()).isTrue();
            assertThat(process.output()).as(name + "'s output").doesNotContain("OutOfMemoryError");
            assertThat(heaps.get(name).maxMiB()).as(name + "'s -Xmx").isEqualTo(HEAP_MIB);
            assertThat(heaps.get(name).peakMiB()).as(name + "'s peak heap").isBetween(1L, heaps.get(name).maxMiB());
        });
    }

    private static boolean arrived(TableRows rows, Map<String, Integer> expected) throws Exception {
        for (Map.Entry<String, Integer> table : expected.entrySet()) {
            if (rows.count(table.getKey()) < table.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
