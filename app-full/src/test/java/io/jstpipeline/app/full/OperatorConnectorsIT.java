package io.jstpipeline.app.full;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code connectors} commands as an operator runs them, each its own JVM of the service runtime with compose's
 * configuration and environment, against the distributed Connect worker of the deployed layout: list, status,
 * pause and resume, restart, apply --dry-run, delete and apply again. The connectors end as they started.
 */
class OperatorConnectorsIT {

    private static final List<String> SINKS = Mappings.builtIn().tables().stream()
            .map(TableMapping::name).map(SinkConnectors::name).toList();

    @Test
    void anOperatorListsPausesResumesRestartsDeletesAndReappliesTheSinks() throws Exception {
        DeployedLayout layout = DeployedLayout.shared();

        DeployedLayout.Finished list = layout.run("connectors-list", "connectors", "list");
        assertThat(list.exit()).as(list.output()).isZero();
        SINKS.forEach(sink -> assertThat(list.output()).containsPattern(
                sink + " +sink +io.jstpipeline.jdbcsink.RowSinkConnector +RUNNING +tasks 0 RUNNING"));

        DeployedLayout.Finished pause = layout.run("connectors-pause", "connectors", "pause");
        assertThat(pause.exit()).as(pause.output()).isZero();
        DeployedLayout.Finished paused = layout.run("connectors-status", "connectors", "status");
        assertThat(paused.exit()).as(paused.output()).isZero();
        SINKS.forEach(sink -> assertThat(paused.output()).containsPattern(sink + " +PAUSED +tasks 0 PAUSED"));
        DeployedLayout.Finished resume = layout.run("connectors-resume", "connectors", "resume");
        assertThat(resume.exit()).as(resume.output()).isZero();
        SINKS.forEach(sink -> assertThat(resume.output()).contains(sink + " RUNNING"));

        DeployedLayout.Finished restart = layout.run("connectors-restart", "connectors", "restart");
        assertThat(restart.exit()).as(restart.output()).isZero();
        SINKS.forEach(sink -> assertThat(restart.output()).contains(sink + " RUNNING"));

        DeployedLayout.Finished unchanged = layout.run("connectors-dry-run", "connectors", "apply", "--dry-run");
        assertThat(unchanged.exit()).as(unchanged.output()).isZero();
        SINKS.forEach(sink -> assertThat(unchanged.output()).contains(sink + ": unchanged"));
        // Two tasks each, and a database password, which the configurations name by reference and never print.
        Map<String, String> changes = new LinkedHashMap<>(layout.environment());
        changes.put("JST_CONNECT_TASKS_MAX", "2");
        changes.put("JST_MYSQL_PASSWORD", "layout-pw-1");
        DeployedLayout.Finished changed = layout.run("connectors-dry-run-2", changes, "connectors", "apply",
                "--dry-run");
        SINKS.forEach(sink -> assertThat(changed.output()).contains(sink + ": 3 key(s) differ from the cluster's"));
        assertThat(changed.output()).contains("  changed tasks.max: 1 → 2",
                "  changed connection.password: \"\" → " + SinkConnectors.WORKER_ENV_PASSWORD,
                "  connection.password = " + SinkConnectors.WORKER_ENV_PASSWORD).doesNotContain("layout-pw-1");

        String orders = SinkConnectors.name("order_list_query");
        DeployedLayout.Finished refused = layout.run("connectors-delete", "connectors", "delete", orders);
        assertThat(refused.exit()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("would delete " + orders);
        DeployedLayout.Finished delete = layout.run("connectors-delete-yes", "connectors", "delete", orders, "--yes");
        assertThat(delete.exit()).as(delete.output()).isZero();
        DeployedLayout.Finished gone = layout.run("connectors-status-gone", "connectors", "status", orders);
        assertThat(gone.exit()).isOne();
        assertThat(gone.output()).contains("connect " + layout.connectUrl() + ": no connector " + orders);

        DeployedLayout.Finished apply = layout.run("connectors-apply", "connectors", "apply");
        assertThat(apply.exit()).as(apply.output()).isZero();
        SINKS.forEach(sink -> assertThat(apply.output()).contains(sink + " RUNNING"));
        System.out.println(String.join("\n", list.output(), paused.output(), changed.output(), refused.output(),
                gone.output()));
    }
}
