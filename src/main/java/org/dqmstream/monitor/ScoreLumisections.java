package org.dqmstream.monitor;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.scoring.LumisectionScorer;
import org.dqmstream.scoring.ScoredLumisection;

/** Scores lumisection feature records in batches into channel-group scores and subsystem flags. */
final class ScoreLumisections extends BatchingProcessor<ValidLumisection> {
    private final LumisectionDecoder decoder;
    private final LumisectionScorer scorer;
    private final SubsystemFlagger flagger;

    ScoreLumisections(LumisectionScorer scorer, SubsystemFlagger flagger, MonitorMetrics metrics, int maxRecordBytes,
                      int maxBatch, Duration maxWait, String inputTopic, String bufferStoreName) {
        super(SubsystemFlagger.SOURCE, metrics, maxRecordBytes, maxBatch, maxWait, inputTopic, bufferStoreName);
        this.decoder = new LumisectionDecoder(scorer.bundle().layout().id(), scorer.bundle().layout().size(),
                maxRecordBytes);
        this.scorer = scorer;
        this.flagger = flagger;
    }

    @Override
    protected ValidLumisection decode(byte[] value) throws RecordRejectedException {
        return decoder.decode(value);
    }

    @Override
    protected void score(List<BufferedRecord> origins, List<ValidLumisection> batch) {
        List<ScoredLumisection> scored = scorer.score(batch);
        for (int i = 0; i < scored.size(); i++) {
            BufferedRecord origin = origins.get(i);
            ScoredLumisection s = scored.get(i);
            metrics.channelGroupsScored(s.groupScores());
            context.forward(new Record<>(origin.key(), AvroRecords.encode(flagger.scoreRecord(s)), origin.timestamp()),
                    MonitorTopology.SCORES_SINK);
            for (SubsystemFlag flag : flagger.flags(s)) {
                context.forward(new Record<>(origin.key(), AvroRecords.encode(flag), origin.timestamp()),
                        MonitorTopology.FLAGS_SINK);
                metrics.flagged(flag, origin.timestamp());
            }
        }
    }
}
