package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DataTruncation;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;

class SqlFailureTest {

    @Test
    void aLostConnectionOrADeadlockIsTheDatabaseBeingAway() {
        assertThat(SqlFailure.of(new SQLNonTransientConnectionException("socket closed", "08000"))).isEqualTo(SqlFailure.UNAVAILABLE);
        assertThat(SqlFailure.of(new SQLException("Deadlock found", "40001", 1213))).isEqualTo(SqlFailure.UNAVAILABLE);
        assertThat(SqlFailure.of(new SQLException("Lock wait timeout exceeded", "HY000", 1205))).isEqualTo(SqlFailure.UNAVAILABLE);
    }

    @Test
    void aRefusedValueIsTheRowsFault() {
        assertThat(SqlFailure.of(new SQLException("Out of range value for column 'pay_amount'", "22003", 1264)))
                .isEqualTo(SqlFailure.ROW);
        assertThat(SqlFailure.of(new SQLException("Incorrect string value", "HY000", 1366))).isEqualTo(SqlFailure.ROW);
        assertThat(SqlFailure.of(new SQLException("Column 'o_id' cannot be null", "23000", 1048))).isEqualTo(SqlFailure.ROW);
        assertThat(SqlFailure.of(new DataTruncation(3, true, false, 20, 10))).isEqualTo(SqlFailure.ROW);
    }

    @Test
    void aMissingTableIsTheStatementsFault() {
        assertThat(SqlFailure.of(new SQLSyntaxErrorException("Table 'jst.t' doesn't exist", "42S02", 1146)))
                .isEqualTo(SqlFailure.STATEMENT);
    }
}
