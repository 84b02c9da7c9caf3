package org.dqmstream.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic as a person looks at it: from its start or from now, to the end it had when reading
 * began or on as records arrive. Committed records only, and no offsets committed: reading changes nothing.
 */
public final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private TopicReader() {
    }

    /**
     * Hands every record to {@code onRecord} until it returns false or, when not following, the topic's
     * end as it was when reading began is reached.
     *
     * @throws IllegalArgumentException if the topic does not exist
     */
    public static void read(Properties client, String topic, boolean fromBeginning, boolean follow,
                            Predicate<ConsumerRecord<byte[], byte[]>> onRecord) {
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedReader(client,
                "dqm-reader-" + UUID.randomUUID())) {
            var info = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (info == null || info.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist on the cluster at "
                        + client.getProperty("bootstrap.servers") + " (the monitor creates it when it starts)");
            }
            List<TopicPartition> partitions = info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (!onRecord.test(record)) {
                        return;
                    }
                }
                if (!follow && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    return;
                }
            }
        }
    }

    /** Every committed record of the topic, up to its end when reading began. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(Properties client, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        read(client, topic, true, false, out::add);
        return out;
    }
}
