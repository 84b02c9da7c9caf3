package org.dqmstream.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.dqmstream.broker.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry: a compacted Kafka topic keyed by model name, whose latest record says which
 * version is in service and where its bundle is. Every monitor instance reads it the same way, at start
 * and while running, so a promotion or rollback reaches all of them.
 */
public final class ModelRegistry {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Properties client;
    private final String topic;

    private ModelRegistry(Properties client, String topic) {
        this.client = client;
        this.topic = topic;
    }

    /** The registry on {@code topic}, which is created (compacted, one partition) if missing. */
    public static ModelRegistry on(Properties client, String topic) throws Exception {
        try (Admin admin = Admin.create(client)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            if (!existing.contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                        .all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return new ModelRegistry(client, topic);
    }

    public String topic() {
        return topic;
    }

    /** The latest announcement of every model. */
    public Map<String, ModelAnnouncement> current() throws IOException {
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedReader(client, "unused")) {
            return readToEnd(consumer, topic);
        }
    }

    /**
     * Assigns the registry's partition to {@code consumer} and reads it from the beginning to its current
     * end: the latest announcement of each model. The consumer is then positioned for what comes next.
     */
    static Map<String, ModelAnnouncement> readToEnd(KafkaConsumer<byte[], byte[]> consumer, String topic)
            throws IOException {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), READ_TIMEOUT).get(partition);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        Map<String, ModelAnnouncement> latest = new LinkedHashMap<>();
        while (consumer.position(partition, READ_TIMEOUT) < end) {
            if (System.nanoTime() > deadline) {
                throw new IOException("model registry " + topic + " not read to its end in " + READ_TIMEOUT);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                read(r).ifPresent(a -> latest.put(a.model(), a));
            }
        }
        return latest;
    }

    public Optional<ModelAnnouncement> current(String model) throws IOException {
        return Optional.ofNullable(current().get(model));
    }

    /** Puts {@code release} of {@code model} in service; the one before stays in the history for rollback. */
    public ModelAnnouncement promote(String model, ModelAnnouncement.Release release) throws IOException {
        Instant now = Instant.now();
        ModelAnnouncement next = current(model).map(a -> a.promote(release, now))
                .orElseGet(() -> new ModelAnnouncement(model, release, List.of(), now.toString()));
        announce(next);
        return next;
    }

    /** Puts the version before the current one back in service. */
    public ModelAnnouncement rollback(String model) throws IOException {
        ModelAnnouncement current = current(model).orElseThrow(() -> new IllegalStateException(
                "model " + model + " was never promoted in registry " + topic));
        ModelAnnouncement previous = current.rollback(Instant.now());
        announce(previous);
        return previous;
    }

    private void announce(ModelAnnouncement announcement) throws IOException {
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
            producer.send(new ProducerRecord<>(topic, announcement.model().getBytes(StandardCharsets.UTF_8),
                    announcement.toJson())).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted announcing " + announcement.model(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not announce " + announcement.model() + " on " + topic + ": " + e.getMessage(),
                    e);
        }
        log.info("Model {} version {} ({}) announced on {}", announcement.model(), announcement.current().version(),
                announcement.current().location(), topic);
    }

    /** An announcement, or empty (and a log line) for a record that is not one. */
    static Optional<ModelAnnouncement> read(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelAnnouncement.fromJson(r.value()));
        } catch (IOException e) {
            log.error("Ignoring unreadable record at offset {} of the model registry: {}", r.offset(), e.getMessage());
            return Optional.empty();
        }
    }
}
