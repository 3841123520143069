package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowStatementsTest {

    @Test
    void anUpsertTakesManyRowsAndUpdatesEveryColumnButTheKey() {
        assertThat(RowStatements.upsert("t", List.of("id", "name", "qty"), 1, 2)).isEqualTo(
                "INSERT INTO `t` (`id`,`name`,`qty`) VALUES (?,?,?),(?,?,?) "
                        + "ON DUPLICATE KEY UPDATE `name`=VALUES(`name`),`qty`=VALUES(`qty`)");
    }

    @Test
    void aGuardedUpsertOnlyReplacesARowWithOneNotOlderAndAssignsTheVersionsLast() {
        assertThat(RowStatements.upsert("t", List.of("id", "modified", "qty", "ts"), 1, List.of("modified", "ts"), 1))
                .isEqualTo("INSERT INTO `t` (`id`,`modified`,`qty`,`ts`) VALUES (?,?,?,?) ON DUPLICATE KEY UPDATE "
                        + "`qty`=IF(" + NEWER + ",VALUES(`qty`),`qty`),"
                        + "`ts`=IF(" + NEWER + ",VALUES(`ts`),`ts`),"
                        + "`modified`=IF(" + NEWER + ",VALUES(`modified`),`modified`)");
        assertThat(RowStatements.upsert("t", List.of("id", "v"), 1, List.of("v"), 1)).endsWith(
                "`v`=IF((`v` IS NULL OR VALUES(`v`)>=`v`),VALUES(`v`),`v`)");
    }

    @Test
    void onMySql8019AndLaterTheOfferedRowIsNamedByARowAliasInsteadOfTheDeprecatedValuesFunction() {
        assertThat(RowStatements.upsert("t", List.of("id", "modified", "qty", "ts"), 1, List.of("modified", "ts"), 2,
                RowStatements.Offered.ROW_ALIAS)).isEqualTo("INSERT INTO `t` (`id`,`modified`,`qty`,`ts`) VALUES "
                + "(?,?,?,?),(?,?,?,?) AS `offered` ON DUPLICATE KEY UPDATE "
                + "`qty`=IF(" + NEWER_ALIAS + ",`offered`.`qty`,`qty`),"
                + "`ts`=IF(" + NEWER_ALIAS + ",`offered`.`ts`,`ts`),"
                + "`modified`=IF(" + NEWER_ALIAS + ",`offered`.`modified`,`modified`)");
        assertThat(RowStatements.upsert("t", List.of("id", "name"), 1, List.of(), 1, RowStatements.Offered.ROW_ALIAS))
                .isEqualTo("INSERT INTO `t` (`id`,`name`) VALUES (?,?) AS `offered` ON DUPLICATE KEY UPDATE "
                        + "`name`=`offered`.`name`");
    }

    @Test
    void theFormFollowsTheServersVersion() {
        assertThat(RowStatements.Offered.forServer("8.0.19")).isEqualTo(RowStatements.Offered.ROW_ALIAS);
        assertThat(RowStatements.Offered.forServer("8.4.3")).isEqualTo(RowStatements.Offered.ROW_ALIAS);
        assertThat(RowStatements.Offered.forServer("9.1.0-commercial")).isEqualTo(RowStatements.Offered.ROW_ALIAS);
        assertThat(RowStatements.Offered.forServer("8.0.18")).isEqualTo(RowStatements.Offered.VALUES_FUNCTION);
        assertThat(RowStatements.Offered.forServer("5.7.44-log")).isEqualTo(RowStatements.Offered.VALUES_FUNCTION);
        assertThat(RowStatements.Offered.forServer("11.4.5-MariaDB")).isEqualTo(RowStatements.Offered.VALUES_FUNCTION);
        assertThat(RowStatements.Offered.forServer("5.5.5-10.6.12-MariaDB-log"))
                .isEqualTo(RowStatements.Offered.VALUES_FUNCTION);
    }

    private static final String NEWER_ALIAS =
            "(`modified` IS NULL OR (`offered`.`modified`,`offered`.`ts`)>=(`modified`,`ts`))";

    private static final String NEWER = "(`modified` IS NULL OR (VALUES(`modified`),VALUES(`ts`))>=(`modified`,`ts`))";

    @Test
    void anAppendedRowIsKeyedByItsPlaceInKafka() {
        List<String> columns = new java.util.ArrayList<>(RowStatements.KAFKA_COLUMNS);
        columns.add("id");
        assertThat(RowStatements.upsert("t_history", columns, 3, 1)).isEqualTo(
                "INSERT INTO `t_history` (`__connect_topic`,`__connect_partition`,`__connect_offset`,`id`) VALUES "
                        + "(?,?,?,?) ON DUPLICATE KEY UPDATE `id`=VALUES(`id`)");
    }

    @Test
    void aRowOfKeysOnlyStillMakesAValidStatement() {
        assertThat(RowStatements.upsert("t", List.of("id"), 1, 1))
                .isEqualTo("INSERT INTO `t` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id`=`id`");
    }

    @Test
    void deletesGoByKeyList() {
        assertThat(RowStatements.delete("t", "id", 3)).isEqualTo("DELETE FROM `t` WHERE `id` IN (?,?,?)");
    }

    @Test
    void aDateTimeIsTheWallClockTimeItsMillisecondsCarryAtUtc() {
        assertThat(RowStatements.dateTime(LocalDateTime.of(2026, 11, 30, 8, 15, 0, 250_000_000)
                .toInstant(ZoneOffset.UTC).toEpochMilli())).isEqualTo("2026-11-30 08:15:00.250");
        assertThat(RowStatements.dateTime(-1)).isEqualTo("1969-12-31 23:59:59.999");
    }

    @Test
    void aDateTimeReadsAsTheFormatterWritesItInEveryYearMySqlTakes() {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");
        Random random = new Random(7);
        long first = LocalDateTime.of(1000, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        long last = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
        for (long millis : random.longs(10_000, first, last + 1).toArray()) {
            assertThat(RowStatements.dateTime(millis))
                    .isEqualTo(formatter.format(LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                            (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC)));
        }
        assertThat(RowStatements.dateTime(last)).isEqualTo("9999-12-31 23:59:59.999");
        assertThat(RowStatements.dateTime(LocalDateTime.of(1, 2, 3, 4, 5, 6, 7_000_000).toInstant(ZoneOffset.UTC)
                .toEpochMilli())).isEqualTo("0001-02-03 04:05:06.007");
        assertThat(RowStatements.dateTime(last + 1)).isEqualTo("+10000-01-01 00:00:00.000");
    }

    @Test
    void identifiersAreQuoted() {
        assertThat(RowStatements.delete("we`ird", "id", 1)).isEqualTo("DELETE FROM `we``ird` WHERE `id` IN (?)");
    }
}
