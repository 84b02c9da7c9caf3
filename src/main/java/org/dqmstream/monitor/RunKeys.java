package org.dqmstream.monitor;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The key and partition of a run on the topics keyed by run (by-run lumisections, verdicts): a run's
 * records on them meet the task that holds the run. The same hash as Kafka's default partitioner for a key.
 */
public final class RunKeys {
    private RunKeys() {
    }

    public static byte[] key(int run) {
        return Integer.toString(run).getBytes(StandardCharsets.UTF_8);
    }

    public static int partition(byte[] runKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(runKey)) % partitions;
    }

    public static int partition(int run, int partitions) {
        return partition(key(run), partitions);
    }
}
