package org.dqmstream.broker;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The plain Kafka clients around the stream: publishers of records and readers of the monitor's outputs. */
public final class KafkaClients {
    private KafkaClients() {
    }

    /**
     * A consumer that sees only committed transactions, as downstream readers of exactly-once output must,
     * starting from the beginning and never committing offsets of its own.
     */
    public static KafkaConsumer<byte[], byte[]> committedReader(Properties client, String groupId) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("group.id", groupId);
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The same in a group of its own, subscribed to {@code topics}: it reads them all from the start. */
    public static KafkaConsumer<byte[], byte[]> committedReader(Properties client, List<String> topics) {
        KafkaConsumer<byte[], byte[]> consumer = committedReader(client, "dqm-reader-" + UUID.randomUUID());
        consumer.subscribe(topics);
        return consumer;
    }

    /**
     * A producer that waits for every replica, like a detector's publisher that must not lose records,
     * with batches large enough for 12-16 KiB records. One request in flight per broker: a partition
     * created a moment before can refuse the first batch (NOT_LEADER_OR_FOLLOWER) while its leader takes
     * over, and with more in flight the later batches got written first, so the retried one was refused
     * as out of sequence until the delivery timeout (seen twice when `bench` filled fresh topics).
     */
    public static KafkaProducer<byte[], byte[]> producer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("acks", "all");
        p.put("max.in.flight.requests.per.connection", "1");
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
