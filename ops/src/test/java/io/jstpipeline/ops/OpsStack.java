package io.jstpipeline.ops;

import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.WorkerProperties;
import io.jstpipeline.embedded.EmbeddedMariaDb;
import io.jstpipeline.embedded.EmbeddedServers;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.ExtractorSettings;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.FlowCatalog;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenCredentials;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.sandbox.SandboxOptions;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the operator tools' ITs act on, shared by them: a broker, a Connect worker with the row sink, MariaDB, and
 * the raw topics holding every document of a sandbox, put there by the extractor (its cursors committed); no
 * transformer runs, so the tables hold only what a test puts there.
 */
final class OpsStack {

    static final Mappings MAPPINGS = Mappings.builtIn();
    static final String INSTANCE = "ops-it";
    static final TopicLayout LAYOUT = new TopicLayout(2, (short) 1);
    static final SinkConnectors SINKS = new SinkConnectors(LAYOUT.replicationFactor());

    private static OpsStack shared;

    final EmbeddedServers servers;
    final QimenGateway gateway;

    private OpsStack(EmbeddedServers servers, QimenGateway gateway) {
        this.servers = servers;
        this.gateway = gateway;
    }

    static synchronized OpsStack get() throws Exception {
        if (shared == null) {
            EmbeddedServers servers = EmbeddedServers.start("jst-ops-it-", "jst_ops_it", WorkerProperties.embedded());
            LocalDateTime now = QimenTime.now();
            QimenGateway gateway = QimenGateway.start(SandboxOptions.defaults().withPort(0).withSaleoutCount(60)
                    .withOrderCount(60).withSeed(17).withRange(now.minusDays(10), now.minusMinutes(5)));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
                servers.close();
            }, "stop-ops-stack"));
            shared = new OpsStack(servers, gateway);
            shared.extractAll();
        }
        return shared;
    }

    private void extractAll() throws Exception {
        try (Admin admin = admin()) {
            LAYOUT.create(admin, LAYOUT.all(List.of("saleout", "order"),
                    MAPPINGS.tables().stream().map(t -> t.name()).toList()));
        }
        ExtractorSettings settings = ExtractorSettings.of(credentials(), kafka(),
                        FlowCatalog.builtIn().flows(), gateway.options().from())
                .withCallPolicy(unlimited()).withInstance(INSTANCE);
        try (ExtractorService extractor = new ExtractorService(settings)) {
            for (String flow : List.of("saleout", "order")) {
                extractor.runner(flow).backfill(gateway.options().from(), gateway.options().to(),
                        ExtractionListener.NONE);
            }
        }
    }

    QimenCredentials credentials() {
        return new QimenCredentials(gateway.gatewayUrl(), gateway.appKey(), gateway.appSecret(), gateway.customerId());
    }

    /** The sandbox enforces no call limits here, so neither does the client. */
    static QimenCallPolicy unlimited() {
        return new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(CallLimits.none()));
    }

    KafkaConnection kafka() {
        return KafkaConnection.plaintext(bootstrapServers());
    }

    String bootstrapServers() {
        return servers.kafka().bootstrapServers();
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
    }

    ConnectRestClient connectRest() {
        return new ConnectRestClient(servers.connect().restUrl());
    }

    DatabaseTarget database() {
        return new DatabaseTarget(servers.mariaDb().jdbcUrl(), EmbeddedMariaDb.USER, "");
    }

    TableRows tableRows() {
        return new TableRows(database());
    }
}
