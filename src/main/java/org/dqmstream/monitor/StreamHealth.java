package org.dqmstream.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.dqmstream.metrics.MonitorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the stream is doing its work, as a shift crew and an orchestrator need to know it: the state of
 * Kafka Streams, stream-thread failures, input partitions that stopped moving, and a record that keeps
 * failing its task. It answers the health endpoint and the console, and decides, when a stream thread
 * dies, whether to replace it or to stop the monitor with an error naming the record.
 */
final class StreamHealth {
    private static final Logger log = LoggerFactory.getLogger(StreamHealth.class);
    /** A thread failure this recent keeps the monitor not ready. */
    static final Duration RECENT_FAILURE = Duration.ofMinutes(1);

    /** How an input record is named in logs and errors: where it sits. */
    static String inputRecord(String topic, int partition, long offset) {
        return "input record " + topic + "-" + partition + "@" + offset;
    }

    private final int recordFailureLimit;
    private final MonitorMetrics metrics;
    private final Runnable onFatal;
    private Supplier<KafkaStreams.State> state = () -> KafkaStreams.State.CREATED;
    private Supplier<List<String>> stalled = List::of;
    /** The input record whose failure the stream thread is dying of, with its last exception. */
    private final AtomicReference<String> lastFailedRecord = new AtomicReference<>();
    private final Map<String, Integer> failuresByRecord = new ConcurrentHashMap<>();
    private volatile long lastThreadFailureNanos;
    private volatile String fatal;

    /** @param onFatal called once when the monitor stops itself on a record that keeps failing */
    StreamHealth(int recordFailureLimit, MonitorMetrics metrics, Runnable onFatal) {
        this.recordFailureLimit = recordFailureLimit;
        this.metrics = metrics;
        this.onFatal = onFatal;
    }

    /** What to watch: set once the stream and its partition watcher exist. */
    void watch(Supplier<KafkaStreams.State> state, Supplier<List<String>> stalledPartitions) {
        this.state = state;
        this.stalled = stalledPartitions;
    }

    /** From {@link RecordFailures}: the task of this input record (or output, see there) is about to fail. */
    void recordFailed(String record, Exception cause) {
        lastFailedRecord.set(record);
        log.error("{} failed its stream task: {}", record, cause.toString());
    }

    /** The stream's uncaught exception handler. */
    StreamThreadExceptionResponse threadFailed(Throwable e) {
        lastThreadFailureNanos = System.nanoTime();
        metrics.streamThreadFailed();
        String record = lastFailedRecord.getAndSet(null);
        if (record != null) {
            if (failuresByRecord.size() > 10_000) {
                failuresByRecord.clear(); // a bound, not a history: a repeating record counts up again at once
            }
            int failures = failuresByRecord.merge(record, 1, Integer::sum);
            if (failures >= recordFailureLimit) {
                fatal = record + " failed its stream task " + failures + " times (" + rootCause(e) + "); the monitor stops "
                        + "rather than retry it forever. Fix the cause (see the log above) and start it again; to "
                        + "give up on an input record instead, move the consumer group's offset past it";
                log.error("Stopping: {}", fatal, e);
                onFatal.run();
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            log.error("Stream thread failed on {} ({} of {} times allowed); replacing it", record,
                    failures, recordFailureLimit, e);
        } else {
            log.error("Stream thread failed; replacing it", e);
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The innermost cause, on one line: Streams wraps it in a paragraph about the task. */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + message;
    }

    /** Why the monitor stopped itself, if it did. */
    Optional<String> fatal() {
        return Optional.ofNullable(fatal);
    }

    /** The process runs and its stream has not given up (an orchestrator restarts it otherwise). */
    boolean live() {
        KafkaStreams.State s = state.get();
        return fatal == null && s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR;
    }

    /** What keeps the monitor from doing its work now; empty when it is ready. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        if (fatal != null) {
            out.add("stopped: " + fatal);
        }
        KafkaStreams.State s = state.get();
        if (s != KafkaStreams.State.RUNNING) {
            out.add("stream state " + s);
        }
        long sinceFailure = System.nanoTime() - lastThreadFailureNanos;
        if (lastThreadFailureNanos != 0 && sinceFailure < RECENT_FAILURE.toNanos()) {
            out.add("a stream thread failed " + sinceFailure / 1_000_000_000L + " s ago");
        }
        stalled.get().forEach(p -> out.add("input partition " + p + " is stalled"));
        return out;
    }
}
