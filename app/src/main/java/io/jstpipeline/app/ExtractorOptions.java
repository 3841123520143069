package io.jstpipeline.app;

import io.jstpipeline.common.qimen.QimenSigner;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.FlowCatalog;
import io.jstpipeline.extractor.FlowDefinition;
import io.jstpipeline.extractor.QimenCallPolicy;
import io.jstpipeline.extractor.QimenClientOptions;
import io.jstpipeline.extractor.QimenCredentials;
import io.jstpipeline.extractor.WindowPlanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the extractor reads from and writes to, shared by {@code extract} and {@code backfill}. The app
 * secret is read from the environment or a file, never from the command line, where {@code ps} shows it.
 */
final class ExtractorOptions {

    static final String SECRET_ENV = "JST_APP_SECRET";

    @Option(names = "--gateway-url", required = true, defaultValue = "${env:JST_GATEWAY_URL}",
            description = "The merchant's Qimen gateway, e.g. http://<app-domain>.api.taobao.com/router/qm "
                    + "(env JST_GATEWAY_URL).")
    String gatewayUrl;

    @Option(names = "--app-key", required = true, defaultValue = "${env:JST_APP_KEY}",
            description = "The Qimen app key (env JST_APP_KEY).")
    String appKey;

    @Option(names = "--customer-id", required = true, defaultValue = "${env:JST_CUSTOMER_ID}",
            description = "The merchant's customer id on Qimen (env JST_CUSTOMER_ID).")
    String customerId;

    @Option(names = "--app-secret-file", description = "A file holding the app secret; otherwise the "
            + "environment variable " + SECRET_ENV + " holds it.")
    Path appSecretFile;

    @Option(names = "--sign-method", defaultValue = "md5", description = "md5, hmac or hmac-sha256. Default: md5.")
    String signMethod;

    @Mixin
    ServiceOptions.Kafka kafka;

    @Option(names = "--flows-file", description = "A flows.yml declaring the flows; default: the built-in one.")
    Path flowsFile;

    @Option(names = "--instance", defaultValue = "default",
            description = "Names this merchant's extractor, to tell apart several on one Kafka cluster.")
    String instance;

    QimenCredentials credentials() {
        return new QimenCredentials(ServiceOptions.require(gatewayUrl, "--gateway-url"), ServiceOptions.require(appKey, "--app-key"), secret(),
                ServiceOptions.require(customerId, "--customer-id"));
    }

    FlowCatalog catalog() {
        return flowsFile == null ? FlowCatalog.builtIn() : FlowCatalog.load(flowsFile);
    }

    ExtractorService service(List<FlowDefinition> flows, LocalDateTime firstStart) {
        QimenClientOptions client = clientOptions();
        return new ExtractorService(credentials(), client, QimenCallPolicy.defaults(),
                kafka.bootstrapServers(), instance, flows, new WindowPlanner(), firstStart);
    }

    QimenClientOptions clientOptions() {
        return QimenClientOptions.defaults().withSignMethod(signMethod());
    }

    private QimenSigner.Method signMethod() {
        try {
            return QimenSigner.Method.fromWireName(signMethod);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sign-method must be md5, hmac or hmac-sha256, got " + signMethod);
        }
    }

    private String secret() {
        if (appSecretFile != null) {
            try {
                return ServiceOptions.require(Files.readString(appSecretFile, StandardCharsets.UTF_8).strip(), "--app-secret-file");
            } catch (IOException e) {
                throw new IllegalArgumentException("--app-secret-file: cannot read " + appSecretFile);
            }
        }
        return ServiceOptions.require(System.getenv(SECRET_ENV), SECRET_ENV);
    }
}
