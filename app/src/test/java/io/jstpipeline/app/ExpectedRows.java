package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.ops.TableRows;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/** Waits until the tables hold the row ids a run of the pipeline must bring, naming what it printed if not. */
public final class ExpectedRows {

    private ExpectedRows() {
    }

    /** Every table holds at least its expected ids (other data sets may share the tables). */
    public static void awaitAmong(TableRows rows, Map<String, Set<String>> expected, Duration timeout,
                                  Supplier<String> printed) {
        await(rows, expected, timeout, printed, false);
    }

    /** Every table holds exactly its expected ids. */
    public static void awaitExactly(TableRows rows, Map<String, Set<String>> expected, Duration timeout,
                                    Supplier<String> printed) {
        await(rows, expected, timeout, printed, true);
    }

    private static void await(TableRows rows, Map<String, Set<String>> expected, Duration timeout,
                              Supplier<String> printed, boolean exactly) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                expected.forEach((table, ids) -> {
                    try {
                        Set<String> actual = rows.ids(table, "id");
                        if (exactly) {
                            assertThat(actual).as(table + "\n" + printed.get()).isEqualTo(ids);
                        } else {
                            assertThat(actual).as(table + "\n" + printed.get()).containsAll(ids);
                        }
                    } catch (SQLException e) {
                        throw new AssertionError(e);
                    }
                }));
    }
}
