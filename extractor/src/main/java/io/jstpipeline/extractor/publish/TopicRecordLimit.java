package io.jstpipeline.extractor.publish;

import io.jstpipeline.common.KafkaConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The largest record a producer can get into a topic: the smaller of its {@code max.request.size}, which the
 * producer itself checks before sending, and the topic's {@code max.message.bytes}, which the broker checks. The
 * topic's setting is asked of the cluster once per topic.
 */
final class TopicRecordLimit implements ToIntFunction<String> {

    private static final long TIMEOUT_SECONDS = 60;

    private final KafkaConnection kafka;
    private final int maxRequestSize;
    private final Map<String, Integer> byTopic = new ConcurrentHashMap<>();

    TopicRecordLimit(KafkaConnection kafka, int maxRequestSize) {
        this.kafka = kafka;
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    public int applyAsInt(String topic) {
        return byTopic.computeIfAbsent(topic, t -> Math.min(maxRequestSize, maxMessageBytes(t)));
    }

    /** The topic's {@code max.message.bytes}; a topic not there yet adds no limit of its own. */
    private int maxMessageBytes(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(kafka.properties())) {
            Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(resource);
            ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? Integer.MAX_VALUE : Integer.parseInt(entry.value());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Integer.MAX_VALUE;
            }
            throw new KafkaException("could not read " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + " of " + topic, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new KafkaException("could not read " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + " of " + topic
                    + " within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while reading " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + " of " + topic, e);
        }
    }
}
