package org.dqmstream.monitor;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.scoring.LumisectionScorer;
import org.dqmstream.scoring.ScoredLumisection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes lumisection records, dead-letters those that cannot be scored, and scores the rest in
 * batches. Waiting records live in a changelogged store written in the same transaction as the input
 * offsets, so under exactly-once a crash neither loses nor repeats a buffered record.
 */
final class ScoreLumisections implements Processor<byte[], byte[], byte[], byte[]> {
    static final String SOURCE = SubsystemFlagger.SOURCE;
    private static final Logger log = LoggerFactory.getLogger(ScoreLumisections.class);

    private final LumisectionDecoder decoder;
    private final LumisectionScorer scorer;
    private final SubsystemFlagger flagger;
    private final MonitorMetrics metrics;
    private final int maxBatch;
    private final Duration maxWait;
    private final String inputTopic;
    private final String bufferStoreName;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Long, byte[]> buffer;
    private final List<Long> bufferedKeys = new ArrayList<>();
    private final List<BufferedRecord> buffered = new ArrayList<>();
    private final List<ValidLumisection> decoded = new ArrayList<>();
    private long nextKey;

    ScoreLumisections(LumisectionScorer scorer, SubsystemFlagger flagger, MonitorMetrics metrics, int maxRecordBytes,
                      int maxBatch, Duration maxWait, String inputTopic, String bufferStoreName) {
        this.decoder = new LumisectionDecoder(scorer.bundle().layout().id(), scorer.bundle().layout().size(),
                maxRecordBytes);
        this.scorer = scorer;
        this.flagger = flagger;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
        this.maxWait = maxWait;
        this.inputTopic = inputTopic;
        this.bufferStoreName = bufferStoreName;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.buffer = context.getStateStore(bufferStoreName);
        try (KeyValueIterator<Long, byte[]> restored = buffer.all()) {
            // Records buffered before a restart: already validated, so they decode again.
            restored.forEachRemaining(kv -> {
                BufferedRecord r = BufferedRecord.fromBytes(kv.value);
                try {
                    hold(kv.key, r, decoder.decode(r.value()));
                } catch (RecordRejectedException e) {
                    buffer.delete(kv.key);
                    deadLetter(r, e.reason(), e.getMessage());
                }
                nextKey = Math.max(nextKey, kv.key + 1);
            });
        }
        if (!buffered.isEmpty()) {
            log.info("Resuming with {} buffered lumisection records", buffered.size());
        }
        context.schedule(maxWait, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        BufferedRecord r = new BufferedRecord(record.key(), record.value() == null ? new byte[0] : record.value(),
                record.timestamp(), origin.partition(), origin.offset());
        try {
            ValidLumisection valid = decoder.decode(record.value());
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

    private void hold(long key, BufferedRecord r, ValidLumisection valid) {
        bufferedKeys.add(key);
        buffered.add(r);
        decoded.add(valid);
    }

    private void flush() {
        if (buffered.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<ScoredLumisection> scored;
        try {
            scored = scorer.score(decoded);
        } catch (RuntimeException e) {
            log.error("Scoring a batch of {} lumisections failed; dead-lettering them", buffered.size(), e);
            buffered.forEach(r -> deadLetter(r, RejectionReason.SCORING_FAILED, e.toString()));
            clear();
            return;
        }
        metrics.batchScored(SOURCE, scored.size(), (System.nanoTime() - start) / 1e9);
        for (int i = 0; i < scored.size(); i++) {
            BufferedRecord origin = buffered.get(i);
            ScoredLumisection s = scored.get(i);
            context.forward(new Record<>(origin.key(), AvroRecords.encode(flagger.scoreRecord(s)), origin.timestamp()),
                    MonitorTopology.SCORES_SINK);
            for (SubsystemFlag flag : flagger.flags(s)) {
                context.forward(new Record<>(origin.key(), AvroRecords.encode(flag), origin.timestamp()),
                        MonitorTopology.FLAGS_SINK);
                metrics.flagged(flag);
            }
        }
        clear();
    }

    private void clear() {
        bufferedKeys.forEach(buffer::delete);
        bufferedKeys.clear();
        buffered.clear();
        decoded.clear();
    }

    private void deadLetter(BufferedRecord r, RejectionReason reason, String detail) {
        boolean keepPayload = r.value().length <= decoder.maxRecordBytes();
        DeadLetter letter = new DeadLetter(inputTopic, r.partition(), r.offset(), reason.name(), detail,
                keepPayload ? ByteBuffer.wrap(r.value()) : null, Instant.ofEpochMilli(r.timestamp()));
        context.forward(new Record<>(r.key(), AvroRecords.encode(letter), r.timestamp()), MonitorTopology.DEAD_LETTER_SINK);
        metrics.deadLettered(SOURCE, reason);
        log.debug("Dead-lettered {}-{}@{}: {} {}", inputTopic, r.partition(), r.offset(), reason, detail);
    }
}
