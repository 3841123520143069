package io.jstpipeline.jdbcsink;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes row topics into MySQL: each put's records as multi-row {@code INSERT … ON DUPLICATE KEY UPDATE}
 * statements in one transaction, deletes for tombstones. Rows the database refuses go to the dead-letter
 * topic with its reason; while the database is away the batch is retried. Every task gets the same
 * configuration; Connect spreads the partitions.
 */
public final class RowSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new RowSinkConfig(props); // a bad configuration fails the connector here, naming the key
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return RowSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return RowSinkConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }
}
