package io.jstpipeline.jdbcsink;

import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.qimen.QimenTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
 *
 * <p>A put is written on a thread of the task's own while Connect reads and converts the next one: with one
 * thread doing both, the database waited while records were converted and conversion waited while the database
 * wrote. One put is in flight at a time, so puts reach the table in order. Offsets are committed only up to
 * what is in the table: {@link #preCommit} waits for the put in flight, and a put that failed holds its
 * partitions' offsets back and is written again, ahead of the next put's records. The rows of a put once in the
 * table give the pipeline's end-to-end freshness ({@link RowFreshness}).
 */
public final class RowSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(RowSinkTask.class);

    private RowSinkConfig config;
    private ErrantRecordReporter deadLetters;
    private RowFreshness freshness;
    private ExecutorService writing;
    /** The put being written; null when none is. */
    private Future<Written> inFlight;
    /** Records of a put that failed, to be written again before the next put's. */
    private List<SinkRecord> unwritten = List.of();
    /** Why they failed, until the next put acts on it. */
    private Throwable failure;
    private int retries;
    /** Dead letters sent since the last commit: they must be in their topic before the offsets are. */
    private final List<Future<Void>> sentDeadLetters = new ArrayList<>();

    // Only the writing thread touches these while a put is in flight.
    private Connection connection;
    private TableWriter writer;

    /** A put in the table, and the records it sent to the dead-letter topic instead. */
    private record Written(List<SinkRecord> records, RowBatch batch, List<TableWriter.Refusal> refusals) {
    }

    /** A put that failed, with its records. */
    private static final class WriteFailed extends Exception {
        private final List<SinkRecord> records;

        WriteFailed(List<SinkRecord> records, Throwable cause) {
            super(cause);
            this.records = records;
        }
    }

    @Override
    public void start(Map<String, String> props) {
        config = new RowSinkConfig(props);
        deadLetters = context.errantRecordReporter();
        freshness = new RowFreshness(context.pluginMetrics(), config.table(), Clock.system(QimenTime.ZONE));
        writing = Executors.newSingleThreadExecutor(DaemonThreads.named("jst-sink-writer-" + config.table()));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        settle();
        if (failure != null) {
            Throwable cause = failure;
            failure = null;
            retryOrFail(cause); // the failed put's records stay in unwritten for the redelivered put
        }
        if (records.isEmpty() && unwritten.isEmpty()) {
            return;
        }
        List<SinkRecord> all = new ArrayList<>(unwritten);
        all.addAll(records);
        unwritten = List.of();
        inFlight = writing.submit(() -> write(all));
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        settle();
        // Until every dead letter is sent, nothing is committed: a letter that cannot be sent fails the next put.
        try {
            for (Future<Void> sent : sentDeadLetters) {
                sent.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (ExecutionException e) {
            failure = new ConnectException("cannot send a dead letter of " + config.table() + ": "
                    + e.getCause().getMessage(), e.getCause());
            return Map.of();
        }
        sentDeadLetters.clear();
        Map<TopicPartition, OffsetAndMetadata> written = new HashMap<>(currentOffsets);
        for (SinkRecord record : unwritten) {
            TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
            OffsetAndMetadata offset = written.get(partition);
            if (offset == null || record.kafkaOffset() < offset.offset()) {
                written.put(partition, new OffsetAndMetadata(record.kafkaOffset()));
            }
        }
        return written;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        settle();
        // Their new owner reads them again from the committed offsets, which preCommit held back.
        unwritten = unwritten.stream()
                .filter(r -> !partitions.contains(new TopicPartition(r.topic(), r.kafkaPartition()))).toList();
    }

    /** Waits for the put in flight, if any, and takes in its outcome. */
    private void settle() {
        if (inFlight == null) {
            return;
        }
        Written written;
        try {
            written = inFlight.get();
        } catch (InterruptedException e) {
            // The put stays in flight, so that no commit passes it.
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while writing to " + config.table(), e);
        } catch (ExecutionException e) {
            inFlight = null;
            WriteFailed failed = (WriteFailed) e.getCause();
            unwritten = failed.records;
            failure = failed.getCause();
            return;
        }
        inFlight = null;
        retries = 0;
        Set<SinkRecord> refused = written.refusals().stream().map(TableWriter.Refusal::record)
                .collect(Collectors.toSet());
        freshness.written(written.batch().rows().stream().flatMap(rows -> rows.records().stream())
                .filter(row -> !refused.contains(row)).toList());
        // Only once the batch is in: a batch retried after an outage reports its refused records once.
        try {
            written.batch().refused().forEach(r -> deadLetter(r.record(), new DataException(r.reason())));
            written.refusals().forEach(r -> deadLetter(r.record(), r.reason()));
        } catch (RuntimeException e) {
            // No dead-letter topic, or one that tolerates nothing: the put's offsets stay back and the next put fails.
            unwritten = written.records();
            failure = e;
        }
    }

    private void retryOrFail(Throwable cause) {
        if (cause instanceof ConnectException e) {
            throw e;
        }
        if (!(cause instanceof SQLException e)) {
            throw new ConnectException("cannot write to " + config.table() + ": " + cause.getMessage(), cause);
        }
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

    /**
     * On the writing thread: one put in one transaction. Whatever it throws, an Error from the driver or the JVM
     * included, comes back as the put's failure with its records, so that no commit passes them.
     */
    private Written write(List<SinkRecord> records) throws WriteFailed {
        try {
            RowBatch batch = RowBatch.of(records, config.mode(), config.keyColumn(), config.versionColumns());
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
            return new Written(records, batch, refusals);
        } catch (Throwable e) {
            disconnect();
            throw new WriteFailed(records, e);
        }
    }

    private void deadLetter(SinkRecord record, Exception reason) {
        if (deadLetters == null) {
            throw new ConnectException("a record of " + record.topic() + "/" + record.kafkaPartition() + " at offset "
                    + record.kafkaOffset() + " cannot be written and no dead-letter topic is set: " + reason.getMessage(),
                    reason);
        }
        sentDeadLetters.add(deadLetters.report(record, reason));
    }

    private TableWriter writer() throws SQLException {
        if (connection == null) {
            connection = config.connect();
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
        if (writing == null) {
            return;
        }
        writing.shutdown();
        try {
            if (!writing.awaitTermination(30, TimeUnit.SECONDS)) {
                writing.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writing.shutdownNow();
        }
        disconnect();
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }
}
