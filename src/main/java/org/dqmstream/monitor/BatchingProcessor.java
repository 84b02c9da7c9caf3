package org.dqmstream.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dqmstream.ingest.InputLimits;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.metrics.MonitorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes input records, dead-letters those that cannot be scored, and hands the rest to
 * {@link #score} in batches: full ones at once, the rest after the maximum wait. Waiting records live in
 * a changelogged store written in the same transaction as the input offsets, so under exactly-once a
 * crash neither loses nor repeats a buffered record.
 *
 * @param <T> a decoded, validated input record
 */
abstract class BatchingProcessor<T> implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger log = LoggerFactory.getLogger(BatchingProcessor.class);

    /** Stream name for metrics and dead letters, e.g. lumisection or image. */
    protected final String source;
    protected final MonitorMetrics metrics;
    protected final TaskActivity activity;
    private final int maxRecordBytes;
    private final int maxBatch;
    private final Duration maxWait;
    private final String bufferStoreName;
    private final DeadLetters deadLetters;

    protected ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Long, byte[]> buffer;
    private final List<Long> bufferedKeys = new ArrayList<>();
    private final List<BufferedRecord> buffered = new ArrayList<>();
    /** Wall-clock time the oldest buffered record arrived; a batch waits at most maxWait after it. */
    private long oldestArrivalMs;
    private final List<T> decoded = new ArrayList<>();
    private long nextKey;

    BatchingProcessor(String source, Batching batching) {
        this.source = source;
        this.metrics = batching.metrics();
        this.activity = batching.activity();
        this.maxRecordBytes = batching.maxRecordBytes();
        this.maxBatch = batching.maxRecords();
        this.maxWait = batching.maxWait();
        this.bufferStoreName = batching.bufferStore();
        this.deadLetters = new DeadLetters(source, batching.inputTopic(), maxRecordBytes, metrics);
    }

    /** The input record as it came from its topic; counted as received here unless an earlier step did. */
    protected BufferedRecord received(Record<byte[], byte[]> record, RecordMetadata origin) {
        metrics.inputReceived(source);
        return BufferedRecord.of(record, origin);
    }

    /** Decodes and checks one input value, or says why it cannot be scored. */
    protected abstract T decode(byte[] value) throws RecordRejectedException;

    /**
     * Admits a decoded record to scoring, or says why not (e.g. a duplicate). Unlike {@link #decode}, called
     * once per input record, not again for records restored from the buffer after a restart.
     */
    protected void admit(T valid, long timestamp) throws RecordRejectedException {
    }

    /**
     * Scores a batch and forwards the outputs. A RuntimeException of the scoring dead-letters the whole
     * batch; a Kafka exception of the forwarding fails the task, so that the transaction is retried whole.
     */
    protected abstract void score(List<BufferedRecord> origins, List<T> batch);

    /** Restores whatever else the subclass keeps in stores; called once the buffer is back. */
    protected void initialize() {
    }

    @Override
    public final void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        metrics.streamStarted(source);
        // Kafka Streams re-initializes the same processor when it revives a corrupted task: what was held in
        // memory then belongs to an aborted transaction, and the stores are the truth.
        bufferedKeys.clear();
        buffered.clear();
        decoded.clear();
        nextKey = 0;
        this.buffer = context.getStateStore(bufferStoreName);
        try (KeyValueIterator<Long, byte[]> restored = buffer.all()) {
            // Records buffered before a restart: already validated, so they decode again.
            restored.forEachRemaining(kv -> {
                BufferedRecord r = BufferedRecord.fromBytes(kv.value);
                try {
                    hold(kv.key, r, decode(r.value()));
                } catch (RecordRejectedException e) {
                    buffer.delete(kv.key);
                    deadLetter(r, e.reason(), e.getMessage());
                }
                nextKey = Math.max(nextKey, kv.key + 1);
            });
        }
        if (!buffered.isEmpty()) {
            log.info("Resuming with {} buffered {} records", buffered.size(), source);
        }
        // Check a few times per maxWait, but flush only batches whose oldest record has waited maxWait:
        // flushing on every tick would, while scoring is slow, keep scoring tiny batches (measured: 7 records
        // on average, a tenth of the throughput of full batches).
        Duration tick = maxWait.dividedBy(4).isZero() ? Duration.ofMillis(1) : maxWait.dividedBy(4);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (!buffered.isEmpty() && now - oldestArrivalMs >= maxWait.toMillis()) {
                flush();
            }
        });
        initialize();
    }

    @Override
    public final void process(Record<byte[], byte[]> record) {
        activity.recordTaken(context.taskId());
        BufferedRecord r = received(record, context.recordMetadata().orElseThrow());
        try {
            InputLimits.requireSize(r.key(), r.value(), maxRecordBytes);
            T valid = decode(r.value());
            admit(valid, record.timestamp());
            long key = nextKey++;
            buffer.put(key, r.toBytes());
            hold(key, r, valid);
        } catch (RecordRejectedException e) {
            deadLetter(r, e.reason(), e.getMessage());
            return;
        }
        if (buffered.size() >= maxBatch) {
            flush();
        }
    }

    private void hold(long key, BufferedRecord r, T valid) {
        if (buffered.isEmpty()) {
            oldestArrivalMs = context.currentSystemTimeMs();
        }
        bufferedKeys.add(key);
        buffered.add(r);
        decoded.add(valid);
    }

    /** Scores what is buffered now, full batch or not. */
    protected final void flush() {
        if (buffered.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            score(buffered, decoded);
            metrics.batchScored(source, buffered.size(), (System.nanoTime() - start) / 1e9);
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("Scoring a batch of {} {} records failed; dead-lettering them", buffered.size(), source, e);
            buffered.forEach(r -> deadLetter(r, RejectionReason.SCORING_FAILED, e.toString()));
        }
        bufferedKeys.forEach(buffer::delete);
        bufferedKeys.clear();
        buffered.clear();
        decoded.clear();
    }

    private void deadLetter(BufferedRecord r, RejectionReason reason, String detail) {
        deadLetters.send(context, r, reason, detail);
    }
}
