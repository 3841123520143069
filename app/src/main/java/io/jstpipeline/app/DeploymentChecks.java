package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.TopicLayout;
import io.jstpipeline.ops.check.Component;
import io.jstpipeline.ops.check.DeploymentCheck;
import io.jstpipeline.ops.check.DeploymentCheck.Check;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The checks of a deployment as the configuration describes it: what {@code check} runs and what commands need. */
final class DeploymentChecks {

    private DeploymentChecks() {
    }

    /**
     * The checks of {@code components}, in their order. {@code deployed} checks what the services put in place
     * too (the topics, the sink connectors running, the grants and the mapped tables); without it, a component is
     * only reached, as a command does before it starts (and then puts those in place itself).
     */
    static List<Check> of(PipelineConfig config, Set<Component> components, boolean deployed) {
        return EnumSet.copyOf(components).stream().map(component -> of(config, component, deployed)).toList();
    }

    private static Check of(PipelineConfig config, Component component, boolean deployed) {
        String target = target(config, component);
        List<String> tables = deployed ? config.mappings().tables().stream().map(TableMapping::name).toList()
                : List.of();
        return switch (component) {
            case KAFKA -> Check.of(component, target, () -> DeploymentCheck.kafka(config.kafka()));
            case TOPICS -> Check.of(component, target, () -> {
                TopicLayout layout = config.topicLayout();
                return DeploymentCheck.topics(config.kafka(), layout, TopicsCommand.OnTopics.topics(config, layout));
            });
            case CONNECT -> !config.hasConnect() ? Check.skipped(component, "connect.url not set")
                    : deployed ? Check.of(component, target, () -> DeploymentCheck.connect(config.connectRest(),
                    tables.stream().map(SinkConnectors::name).toList()))
                    : Check.of(component, target, () -> DeploymentCheck.connectReached(config.connectRest()));
            case MYSQL -> config.hasDatabase() ? Check.of(component, target, () -> DeploymentCheck.mysql(
                    config.database(), tables)) : Check.skipped(component, "mysql.url not set");
            case GATEWAY -> Check.of(component, target, () -> DeploymentCheck.gateway(config.credentials(),
                    ExtractorOptions.clientOptions(config), ExtractorOptions.callPolicy(config).limiter(),
                    config.flows()));
        };
    }

    /** Where the configuration says {@code component} is, never with a secret; or {@link #notSet}. */
    static String target(PipelineConfig config, Component component) {
        Supplier<String> address = switch (component) {
            case KAFKA, TOPICS -> config::bootstrapServers;
            case CONNECT -> config::connectUrl;
            case MYSQL -> config::databaseUrl;
            case GATEWAY -> config::gatewayUrl;
        };
        try {
            return address.get();
        } catch (IllegalArgumentException e) {
            return notSet(component);
        }
    }

    /** The target of a component whose address is not configured, naming the key. */
    static String notSet(Component component) {
        return "(" + switch (component) {
            case KAFKA, TOPICS -> "kafka.bootstrap-servers";
            case CONNECT -> "connect.url";
            case MYSQL -> "mysql.url";
            case GATEWAY -> "qimen.gateway-url";
        } + " not set)";
    }
}
