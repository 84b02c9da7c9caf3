package org.dqmstream.broker;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka clients that integration tests use around the monitor. */
public final class TestClients {
    private TestClients() {
    }

    /** Reads {@code topics} from the beginning, seeing only committed transactions, as downstream consumers do. */
    public static KafkaConsumer<byte[], byte[]> committedReader(Properties client, List<String> topics) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("group.id", "test-reader-" + UUID.randomUUID());
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(topics);
        return consumer;
    }

    /** A producer that waits for every replica, like a detector's publisher that must not lose records. */
    public static KafkaProducer<byte[], byte[]> producer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("acks", "all");
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
