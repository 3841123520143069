package io.jstpipeline.app;

import io.jstpipeline.app.config.PipelineConfig;
import io.jstpipeline.extractor.flow.FlowDefinition;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.TopicLayout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jst-pipeline topics apply|check}: every topic of the pipeline laid out, or verified, ahead of the services
 * (which lay out their own at start, too).
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Lay out or check the pipeline's topics: raw topics kept for ever, state and row topics "
                + "compacted, dead letters kept, at kafka.partitions and kafka.replication-factor.",
        subcommands = {TopicsCommand.Apply.class, TopicsCommand.Check.class})
final class TopicsCommand {

    /** The options both subcommands take, and the topics they act on. */
    abstract static class OnTopics extends ConfiguredCommand {

        @Mixin
        ServiceOptions.Kafka kafka;

        @Mixin
        ServiceOptions.Tables tables;

        @Override
        List<ConfigOptions.Source> overrides() {
            return List.of(kafka, tables);
        }

        /** Every flow's and every table's topics ({@code connectors apply --history} lays out the history's own). */
        static List<TopicLayout.Topic> topics(PipelineConfig config, TopicLayout layout) {
            return layout.all(config.flows().stream().map(FlowDefinition::name).toList(),
                    config.mappings().tables().stream().map(TableMapping::name).toList());
        }

        static Admin admin(PipelineConfig config) {
            return Admin.create(config.kafka().properties());
        }

        /** Prints what is still wrong; the exit code: 0 when nothing is. */
        static int report(List<String> wrong, int topics, PrintWriter out) {
            wrong.forEach(out::println);
            out.println(wrong.isEmpty() ? "All " + topics + " topics are as their roles need."
                    : wrong.size() + " problem(s) in " + topics + " topics.");
            return wrong.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Create the missing topics and set what their roles need on the existing ones; partitions "
                    + "too few are reported, not added (adding moves keys). Exit 1 if anything is left wrong."})
    static final class Apply extends OnTopics {
        @Override
        int run(PipelineConfig config, PrintWriter out) throws Exception {
            TopicLayout layout = config.topicLayout();
            List<TopicLayout.Topic> topics = topics(config, layout);
            try (Admin admin = admin(config)) {
                layout.create(admin, topics).forEach(name -> out.println("created " + name));
                List<TopicLayout.Problem> before = layout.check(admin, topics, config.bootstrapServers());
                List<TopicLayout.Problem> left = layout.repair(admin, topics, config.bootstrapServers());
                before.stream().filter(problem -> !left.contains(problem)).forEach(problem -> out.println(
                        "set " + problem.setting() + "=" + problem.required() + " on " + problem.topic()
                                + " (was " + problem.actual() + ")"));
                return report(left.stream().map(TopicLayout.Problem::line).toList(), topics.size(), out);
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check every topic without changing any: missing ones and settings their roles do not allow. "
                    + "Exit 1 if any.")
    static final class Check extends OnTopics {
        @Override
        int run(PipelineConfig config, PrintWriter out) throws Exception {
            TopicLayout layout = config.topicLayout();
            List<TopicLayout.Topic> topics = topics(config, layout);
            try (Admin admin = admin(config)) {
                Set<String> existing = admin.listTopics().names().get();
                List<String> wrong = new ArrayList<>();
                topics.stream().filter(topic -> !existing.contains(topic.name())).forEach(topic -> wrong.add(
                        "topic " + topic.name() + " is missing; fix: jst-pipeline topics apply"));
                layout.check(admin, topics, config.bootstrapServers()).forEach(problem -> wrong.add(problem.line()));
                return report(wrong, topics.size(), out);
            }
        }
    }
}
