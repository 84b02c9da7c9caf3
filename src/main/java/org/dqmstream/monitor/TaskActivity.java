package org.dqmstream.monitor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Input records each stream task has taken, whichever of its processors took them: a task still busy with
 * its other input (earlier lumisection records, say) is not quiet, even if no image arrived.
 */
final class TaskActivity {
    private final Map<TaskId, LongAdder> records = new ConcurrentHashMap<>();

    void recordTaken(TaskId task) {
        records.computeIfAbsent(task, t -> new LongAdder()).increment();
    }

    long taken(TaskId task) {
        LongAdder n = records.get(task);
        return n == null ? 0 : n.sum();
    }
}
