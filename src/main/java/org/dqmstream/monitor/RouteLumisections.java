package org.dqmstream.monitor;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.ingest.InputLimits;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.metrics.MonitorMetrics;

/**
 * The first step of every lumisection record: checks it, dead-letters what cannot be scored, and sends
 * the rest to the task that owns its run. A run's lumisections must meet in one task, so that a record
 * re-sent under another key is still seen as a duplicate (and a run's history is whole): a record already
 * on its run's partition goes straight on, any other through the by-run topic, keyed by run.
 */
final class RouteLumisections implements Processor<byte[], byte[], byte[], byte[]> {
    private final LumisectionDecoder decoder;
    private final InputLimits limits;
    private final int partitions;
    private final MonitorMetrics metrics;
    private final TaskActivity activity;
    private final DeadLetters deadLetters;
    private ProcessorContext<byte[], byte[]> context;

    /** @param partitions of the input topic, which the by-run topic has too */
    RouteLumisections(LiveModel model, InputLimits limits, int partitions, MonitorMetrics metrics,
                      TaskActivity activity, String inputTopic) {
        this.decoder = decoder(model, limits);
        this.limits = limits;
        this.partitions = partitions;
        this.metrics = metrics;
        this.activity = activity;
        this.deadLetters = new DeadLetters(SubsystemFlagger.SOURCE, inputTopic, limits.maxRecordBytes(), metrics);
    }

    /** A model swap keeps the layout (LiveModel refuses another), so the decoder stays valid. */
    static LumisectionDecoder decoder(LiveModel model, InputLimits limits) {
        return LumisectionDecoder.of(model.current().bundle().layout(), limits);
    }

    /** Places by-run records by {@link RunKeys#partition}, whatever partitioner the producer client defaults to. */
    static StreamPartitioner<byte[], byte[]> byRun() {
        return (topic, key, value, n) -> Optional.of(Set.of(RunKeys.partition(key, n)));
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        metrics.inputReceived(SubsystemFlagger.SOURCE);
        activity.recordTaken(context.taskId());
        BufferedRecord r = BufferedRecord.of(record, origin);
        ValidLumisection valid;
        try {
            InputLimits.requireSize(r.key(), r.value(), limits.maxRecordBytes());
            valid = decoder.decode(r.value());
        } catch (RecordRejectedException e) {
            deadLetters.send(context, r, e.reason(), e.getMessage());
            return;
        }
        byte[] runKey = RunKeys.key(valid.record().getRun());
        String next = RunKeys.partition(runKey, partitions) == origin.partition() ? MonitorTopology.SCORE_LUMISECTIONS
                : MonitorTopology.LUMISECTIONS_BY_RUN_SINK;
        context.forward(new Record<>(runKey, r.toBytes(), record.timestamp()), next);
    }
}
