package io.jstpipeline.connect.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each put in one transaction, many rows to a statement. When the database refuses a row's value, the
 * put is written again a row at a time and only the refused rows go to the dead-letter topic, with the
 * database's reason. While the database is unreachable the put is retried, on a new connection, up to
 * {@code retry.max} times; a statement that cannot work at all (a missing table) fails the task.
 */
public final class RowSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(RowSinkTask.class);

    private RowSinkConfig config;
    private ErrantRecordReporter deadLetters;
    private Connection connection;
    private TableWriter writer;
    private int retries;

    @Override
    public void start(Map<String, String> props) {
        config = new RowSinkConfig(props);
        deadLetters = context.errantRecordReporter();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        RowBatch batch = RowBatch.of(records, config.mode(), config.keyColumn());
        try {
            TableWriter table = writer();
            List<TableWriter.Refusal> refusals = List.of();
            try {
                table.write(batch);
            } catch (SQLException e) {
                if (SqlFailure.of(e) != SqlFailure.ROW) {
                    throw e;
                }
                connection.rollback();
                LOG.info("{}: the database refused a row ({}); writing these {} records one at a time", config.table(),
                        e.getMessage(), records.size());
                refusals = table.writeEach(batch);
            }
            connection.commit();
            retries = 0;
            // Only once the batch is in: a batch retried after an outage reports its refused records once.
            batch.refused().forEach(r -> deadLetter(r.record(), new DataException(r.reason())));
            refusals.forEach(r -> deadLetter(r.record(), r.reason()));
        } catch (SQLException e) {
            disconnect();
            if (SqlFailure.of(e) == SqlFailure.STATEMENT) {
                throw new ConnectException("cannot write to " + config.table() + ": " + e.getMessage(), e);
            }
            if (++retries > config.retryMax()) {
                throw new ConnectException("gave up writing to " + config.table() + " after " + config.retryMax()
                        + " retries: " + e.getMessage(), e);
            }
            LOG.warn("{}: database unavailable ({}); retry {} of {} in {} ms", config.table(), e.getMessage(), retries,
                    config.retryMax(), config.retryBackoffMs());
            context.timeout(config.retryBackoffMs());
            throw new RetriableException(e);
        }
    }

    private void deadLetter(SinkRecord record, Exception reason) {
        if (deadLetters == null) {
            throw new ConnectException("a record of " + record.topic() + "/" + record.kafkaPartition() + " at offset "
                    + record.kafkaOffset() + " cannot be written and no dead-letter topic is set: " + reason.getMessage(),
                    reason);
        }
        deadLetters.report(record, reason);
    }

    private TableWriter writer() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(config.url(), config.user(), config.password().value());
            connection.setAutoCommit(false);
            writer = new TableWriter(connection, config);
        }
        return writer;
    }

    private void disconnect() {
        if (connection == null) {
            return;
        }
        try {
            writer.close();
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a broken connection: {}", e.getMessage());
        }
        connection = null;
        writer = null;
    }

    @Override
    public void stop() {
        disconnect();
    }

    @Override
    public String version() {
        return AppInfoParser.getVersion();
    }
}
