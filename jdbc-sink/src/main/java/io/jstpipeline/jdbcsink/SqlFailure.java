package io.jstpipeline.jdbcsink;

import java.sql.DataTruncation;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** What a failed statement means for the rows in it. */
enum SqlFailure {
    /** The database is away or busy (connection lost, deadlock, lock wait): the same rows may succeed later. */
    UNAVAILABLE,
    /** A row's value was refused (too long, out of range, a NULL in a NOT NULL column): that row is bad. */
    ROW,
    /** The statement itself cannot work (no such table or column, no permission): no row will succeed. */
    STATEMENT;

    /** MySQL/MariaDB error codes of refused values, some of which come with the generic SQLState HY000. */
    private static final Set<Integer> ROW_ERRORS = Set.of(1048, 1264, 1265, 1292, 1366, 1406);
    /** Deadlock and lock wait timeout. */
    private static final Set<Integer> BUSY_ERRORS = Set.of(1205, 1213);

    static SqlFailure of(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException || state.startsWith("08") || state.equals("40001")
                || BUSY_ERRORS.contains(e.getErrorCode())) {
            return UNAVAILABLE;
        }
        if (e instanceof DataTruncation || e instanceof SQLDataException
                || e instanceof SQLIntegrityConstraintViolationException || state.startsWith("22")
                || state.startsWith("23") || ROW_ERRORS.contains(e.getErrorCode())) {
            return ROW;
        }
        return STATEMENT;
    }
}
