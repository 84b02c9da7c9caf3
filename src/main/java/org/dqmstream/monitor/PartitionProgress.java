package org.dqmstream.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.dqmstream.metrics.MonitorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds input partitions the monitor has stopped getting through: records wait in them, and the
 * committed offset has not moved for the stall time. Read from the cluster (committed and end offsets),
 * not from the stream's own view, so that a stream thread failing and retrying the same record, which
 * looks busy from inside, shows here as what it is.
 */
final class PartitionProgress implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PartitionProgress.class);

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final Duration stallAfter;
    private final MonitorMetrics metrics;
    /** Per partition: the committed offset last seen, and when it last moved (System.nanoTime). */
    private final Map<TopicPartition, long[]> progress = new HashMap<>();
    private volatile List<String> stalled = List.of();

    PartitionProgress(Properties clientProperties, String groupId, List<String> topics, Duration stallAfter,
                      MonitorMetrics metrics) {
        this.admin = Admin.create(clientProperties);
        this.groupId = groupId;
        this.topics = topics;
        this.stallAfter = stallAfter;
        this.metrics = metrics;
    }

    /** The stalled partitions as topic-partition, from the latest check. */
    List<String> stalled() {
        return stalled;
    }

    /** One look at the cluster; a failed look leaves the last answer (the connection watchdog reports outages). */
    void check() {
        try {
            check(System.nanoTime());
        } catch (Exception e) {
            log.debug("Partition progress check failed: {}", e.toString());
        }
    }

    private void check(long now) throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        described.values().forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(),
                p.partition()))));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
        List<String> stalledNow = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long position = c != null ? c.offset() : starts.get(tp).offset();
            long[] seen = progress.computeIfAbsent(tp, k -> new long[] {position, now});
            if (seen[0] != position) {
                seen[0] = position;
                seen[1] = now;
            }
            boolean isStalled = ends.get(tp).offset() > position && now - seen[1] >= stallAfter.toNanos();
            metrics.partitionStalled(tp.topic(), tp.partition(), isStalled);
            if (isStalled) {
                stalledNow.add(tp + " (offset " + position + " for " + (now - seen[1]) / 1_000_000_000L + " s, "
                        + (ends.get(tp).offset() - position) + " records waiting)");
            }
        }
        if (!stalledNow.isEmpty() && !stalledNow.equals(stalled)) {
            log.warn("Input partitions stalled: {}", stalledNow);
        }
        stalled = List.copyOf(stalledNow);
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
