package org.dqmstream.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.dqmstream.broker.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the registry topic and hands each model's latest announcement to a listener: once for what is
 * in service when it starts (before {@link #start} returns, so that the monitor starts on it), then for
 * every promotion or rollback, on a thread of its own.
 */
public final class RegistryWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryWatcher.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Consumer<ModelAnnouncement> listener;
    private final Thread thread;
    private volatile boolean running = true;

    private RegistryWatcher(KafkaConsumer<byte[], byte[]> consumer, Consumer<ModelAnnouncement> listener) {
        this.consumer = consumer;
        this.listener = listener;
        this.thread = new Thread(this::follow, "model-registry-watcher");
        thread.setDaemon(true);
    }

    public static RegistryWatcher start(ModelRegistry registry, Properties client,
                                        Consumer<ModelAnnouncement> listener) throws IOException {
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedReader(client, "unused");
        try {
            ModelRegistry.readToEnd(consumer, registry.topic()).values().forEach(listener);
        } catch (IOException | RuntimeException e) {
            consumer.close();
            throw e;
        }
        RegistryWatcher watcher = new RegistryWatcher(consumer, listener);
        watcher.thread.start();
        return watcher;
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    ModelRegistry.read(r).ifPresent(listener);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("Stopped following the model registry; promotions reach this monitor only after a restart", e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
