package org.dqmstream.monitor;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.dqmstream.certification.RunCertifier;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.InputLimits;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.scoring.ScoredLumisection;

/**
 * Scores lumisection feature records in batches into channel-group scores and subsystem flags. Its input
 * comes checked from {@link RouteLumisections}, which sends every lumisection of a run to this task whatever
 * key or partition its producer used. A lumisection is scored once: a second record for the same run and
 * lumisection within the duplicate retention (stream time) is dead-lettered as a duplicate, so a replayed or
 * re-sent record cannot flag twice.
 */
final class ScoreLumisections extends BatchingProcessor<ValidLumisection> {
    private final LumisectionDecoder decoder;
    private final LiveModel model;
    private final RetainedStore seenStore;
    private final RetainedStore runsStore;
    private JudgedLumisections seen;
    private RunHistories runs;

    /**
     * @param seenStore lumisections already scored, forgotten after input.duplicate-retention-hours
     * @param runsStore each run's history, forgotten after runs.retention-hours
     */
    ScoreLumisections(LiveModel model, InputLimits limits, Batching batching, RetainedStore seenStore,
                      RetainedStore runsStore) {
        super(SubsystemFlagger.SOURCE, batching);
        this.seenStore = seenStore;
        this.runsStore = runsStore;
        this.decoder = RouteLumisections.decoder(model, limits);
        this.model = model;
    }

    /** Routed records carry their origin: counted as received by the router already. */
    @Override
    protected BufferedRecord received(Record<byte[], byte[]> record, RecordMetadata origin) {
        return BufferedRecord.fromBytes(record.value());
    }

    @Override
    protected void initialize() {
        seen = JudgedLumisections.of(context, seenStore.name(), seenStore.retention());
        runs = RunHistories.of(context, runsStore.name(), runsStore.retention());
    }

    @Override
    protected ValidLumisection decode(byte[] value) throws RecordRejectedException {
        return decoder.decode(value);
    }

    @Override
    protected void admit(ValidLumisection valid, long timestamp) throws RecordRejectedException {
        var r = valid.record();
        String key = r.getRun() + ":" + r.getLumisection();
        Long first = seen.judgedAt(key);
        if (first != null) {
            throw new RecordRejectedException(RejectionReason.DUPLICATE, "run " + r.getRun() + " lumisection "
                    + r.getLumisection() + " was already scored (first record at " + Instant.ofEpochMilli(first) + ")");
        }
        seen.judged(key, timestamp);
    }

    @Override
    protected void score(List<BufferedRecord> origins, List<ValidLumisection> batch) {
        LiveModel.InService inService = model.current();
        List<ScoredLumisection> scored = inService.scorer().score(batch);
        SubsystemFlagger flagger = inService.flagger();
        for (int i = 0; i < scored.size(); i++) {
            BufferedRecord origin = origins.get(i);
            ScoredLumisection s = scored.get(i);
            s = runs.observe(inService.runContext(), s, origin.timestamp());
            metrics.channelGroupsScored(s.groupScores());
            context.forward(new Record<>(origin.key(), AvroRecords.encode(flagger.scoreRecord(s)), origin.timestamp()),
                    MonitorTopology.SCORES_SINK);
            List<SubsystemFlag> flags = flagger.flags(s);
            for (SubsystemFlag flag : flags) {
                context.forward(new Record<>(origin.key(), AvroRecords.encode(flag), origin.timestamp()),
                        MonitorTopology.FLAGS_SINK);
                metrics.flagged(flag, origin.timestamp());
            }
            context.forward(new Record<>(origin.key(), AvroRecords.encode(RunCertifier.levelsOf(flags)),
                    origin.timestamp()), MonitorTopology.CERTIFY_RUNS);
        }
    }
}
