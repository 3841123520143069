package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.ExtractorSettings;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.qimen.QimenClientOptions;
import io.jstpipeline.extractor.window.WindowPlanner;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the extractor reads from and writes to, shared by {@code extract} and {@code backfill}: options
 * overriding the configuration's qimen.* and extractor.* keys. The app secret is read from the environment
 * (JST_QIMEN_APP_SECRET) or a file, never from the command line, where {@code ps} shows it.
 */
final class ExtractorOptions implements ConfigOptions.Source {

    @Option(names = "--gateway-url", description = "The merchant's Qimen gateway, e.g. "
            + "http://<app-domain>.api.taobao.com/router/qm; overrides qimen.gateway-url (env JST_QIMEN_GATEWAY_URL).")
    String gatewayUrl;

    @Option(names = "--app-key", description = "The Qimen app key; overrides qimen.app-key (env JST_QIMEN_APP_KEY).")
    String appKey;

    @Option(names = "--customer-id", description = "The merchant's customer id on Qimen; overrides qimen.customer-id "
            + "(env JST_QIMEN_CUSTOMER_ID).")
    String customerId;

    @Option(names = "--app-secret-file", description = "A file holding the app secret; overrides "
            + "qimen.app-secret-file. Otherwise the environment variable JST_QIMEN_APP_SECRET holds it.")
    Path appSecretFile;

    @Option(names = "--sign-method", description = "md5, hmac or hmac-sha256; overrides qimen.sign-method. Default: md5.")
    String signMethod;

    @Mixin
    ServiceOptions.Kafka kafka;

    @Option(names = "--flows-file", description = "A flows.yml declaring the flows; overrides extractor.flows-file. "
            + "Default: the built-in one.")
    Path flowsFile;

    @Option(names = "--instance", description = "Names this merchant's extractor, to tell apart several on one Kafka "
            + "cluster; overrides extractor.instance. Default: default.")
    String instance;

    @Override
    public void addTo(ConfigOptions.Overrides overrides) {
        overrides.put("qimen.gateway-url", gatewayUrl, "--gateway-url")
                .put("qimen.app-key", appKey, "--app-key")
                .put("qimen.customer-id", customerId, "--customer-id")
                .put("qimen.app-secret-file", appSecretFile, "--app-secret-file")
                .put("qimen.sign-method", signMethod, "--sign-method")
                .put("extractor.flows-file", flowsFile, "--flows-file")
                .put("extractor.instance", instance, "--instance");
        kafka.addTo(overrides);
    }

    /** The extractor of {@code flows} under the configuration's credentials and call limits. */
    static ExtractorService service(PipelineConfig config, List<FlowDefinition> flows, LocalDateTime firstStart,
                                    ExtractorSettings.Role role) {
        return new ExtractorService(ExtractorSettings.of(config.credentials(), config.kafka(), flows,
                firstStart).withClientOptions(clientOptions(config)).withCallPolicy(callPolicy(config))
                .withInstance(config.instance()).withPageConcurrency(config.pageConcurrency()).withRole(role)
                .withPlanner(new WindowPlanner().withReadAhead(config.readAhead())));
    }

    /**
     * The retry and breaker defaults under the configured qimen.rate-limit.*, waiting for the one limiter of the
     * configured app key in this process: the extractor's and a reconciliation's calls stay within it together.
     */
    static QimenCallPolicy callPolicy(PipelineConfig config) {
        return new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(config.callLimits()),
                config.credentials().appKey());
    }

    static QimenClientOptions clientOptions(PipelineConfig config) {
        return QimenClientOptions.defaults().withSignMethod(config.signMethod());
    }
}
