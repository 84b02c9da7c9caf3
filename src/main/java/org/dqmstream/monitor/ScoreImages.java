package org.dqmstream.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dqmstream.image.EventImageDecoder;
import org.dqmstream.image.ImageClassifier;
import org.dqmstream.image.ImageLimits;
import org.dqmstream.image.ImageLumisectionCheck;
import org.dqmstream.image.ImageProjections;
import org.dqmstream.image.ImageShape;
import org.dqmstream.image.ValidEventImage;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.ImageClassification;
import org.dqmstream.records.SubsystemFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores event images in batches, source by source: publishes each event's classification where the
 * source has a classifier, accumulates each lumisection's class mix, classifier scores and projections,
 * and judges the lumisection once it is complete: when the run's next lumisection starts, or when it has
 * been idle for the configured timeout. Open lumisections live in a changelogged store, like the batch
 * buffer. An event arriving after its lumisection was judged is dead-lettered as late rather than
 * reopening it: a lumisection is flagged once.
 */
final class ScoreImages extends BatchingProcessor<ValidEventImage> {
    private static final Logger log = LoggerFactory.getLogger(ScoreImages.class);
    private final LiveImageModels models;
    private final EventImageDecoder decoder;
    private final Duration lumisectionTimeout;
    private final String aggregateStoreName;
    private final RetainedStore judgedStore;
    private KeyValueStore<String, byte[]> aggregates;
    private Duration idleTick;
    private long lastIdleCheck;
    private long takenAtLastCheck;
    private JudgedLumisections judged;
    private final Map<String, LumisectionImages> open = new LinkedHashMap<>();

    /**
     * @param aggregateStoreName the open lumisections' aggregates
     * @param judgedStore        lumisections already judged, forgotten after input.duplicate-retention-hours
     */
    ScoreImages(LiveImageModels models, ImageLimits limits, Duration lumisectionTimeout, Batching batching,
                String aggregateStoreName, RetainedStore judgedStore) {
        super(ImageLumisectionCheck.SOURCE, batching);
        this.models = models;
        this.decoder = new EventImageDecoder(limits, batching.maxRecordBytes());
        this.lumisectionTimeout = lumisectionTimeout;
        this.aggregateStoreName = aggregateStoreName;
        this.judgedStore = judgedStore;
    }

    @Override
    protected void initialize() {
        aggregates = context.getStateStore(aggregateStoreName);
        judged = JudgedLumisections.of(context, judgedStore.name(), judgedStore.retention());
        open.clear(); // as the batch buffer: a revived task starts again from its store
        try (KeyValueIterator<String, byte[]> restored = aggregates.all()) {
            restored.forEachRemaining(kv -> {
                LumisectionImages ls = LumisectionImages.fromBytes(kv.value);
                ls.idleMs = 0; // a restart gives open lumisections their full timeout while the input catches up
                if (models.current().containsKey(ls.source)) {
                    open.put(kv.key, ls);
                } else {
                    log.warn("Dropping open lumisection {}: source '{}' is no longer scored", kv.key, ls.source);
                    aggregates.delete(kv.key);
                }
            });
        }
        idleTick = lumisectionTimeout.dividedBy(4).compareTo(Duration.ofMillis(100)) < 0
                ? Duration.ofMillis(100) : lumisectionTimeout.dividedBy(4);
        lastIdleCheck = -1;
        takenAtLastCheck = activity.taken(context.taskId());
        context.schedule(idleTick, PunctuationType.WALL_CLOCK_TIME, this::closeIdle);
    }

    @Override
    protected ValidEventImage decode(byte[] value) throws RecordRejectedException {
        ValidEventImage image = decoder.decode(value);
        EventImage r = image.record();
        Map<String, ImageSourceChecks> sources = models.current();
        ImageSourceChecks checks = sources.get(r.getSource());
        if (checks == null) {
            throw new RecordRejectedException(RejectionReason.UNKNOWN_SOURCE, "source '" + r.getSource()
                    + "' has no model; scored sources: " + sources.keySet());
        }
        ImageShape declared = new ImageShape(r.getViews(), r.getHeight(), r.getWidth());
        if (!declared.equals(checks.bundle().source().shape())) {
            throw new RecordRejectedException(RejectionReason.SHAPE_OUT_OF_RANGE, "source " + r.getSource() + ": "
                    + declared + " image, its model takes " + checks.bundle().source().shape());
        }
        return image;
    }

    @Override
    protected void admit(ValidEventImage valid, long timestamp) throws RecordRejectedException {
        EventImage r = valid.record();
        Long judgedAt = judged.judgedAt(LumisectionImages.key(r.getSource(), r.getRun(), r.getLumisection()));
        if (judgedAt != null) {
            throw new RecordRejectedException(RejectionReason.LATE, "source " + r.getSource() + " run " + r.getRun()
                    + " lumisection " + r.getLumisection() + " was already judged (its last event at "
                    + Instant.ofEpochMilli(judgedAt) + "); its flags stand");
        }
    }

    @Override
    protected void score(List<BufferedRecord> origins, List<ValidEventImage> batch) {
        Map<String, List<Integer>> bySource = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            bySource.computeIfAbsent(batch.get(i).record().getSource(), s -> new ArrayList<>()).add(i);
        }
        Map<String, Integer> latestByRun = new HashMap<>();
        Map<String, ImageSourceChecks> sources = models.current();
        Set<String> touched = new LinkedHashSet<>();
        bySource.forEach((source, indices) -> {
            ImageSourceChecks checks = sources.get(source);
            ImageClassifier classifier = checks.bundle().classifier();
            float[][] p = classifier == null ? null
                    : classifier.probabilities(indices.stream().map(i -> batch.get(i).pixels()).toArray(float[][]::new));
            for (int k = 0; k < indices.size(); k++) {
                int i = indices.get(k);
                EventImage r = batch.get(i).record();
                LumisectionImages ls = open.computeIfAbsent(LumisectionImages.key(source, r.getRun(), r.getLumisection()),
                        key -> new LumisectionImages(source, r.getRun(), r.getLumisection(), r.getTimestamp().toEpochMilli(),
                                checks.classes(), checks.projections()));
                ls.counted(origins.get(i).timestamp());
                if (checks.bundle().source().repeatsAreStale()) {
                    ls.repeats.add(r.getPixels());
                }
                if (p != null) {
                    int predicted = ImageClassifier.argmax(p[k]);
                    ls.classified(predicted, p[k][classifier.scoredClass()]);
                    metrics.imageClassified(source, p[k][classifier.scoredClass()]);
                    forwardClassification(origins.get(i), r, checks, p[k], predicted);
                }
                if (checks.faults() != null) {
                    ImageProjections.add(batch.get(i).pixels(), checks.bundle().source().shape(), ls.projectionSums);
                }
                touched.add(ls.key());
                latestByRun.merge(source + ":" + r.getRun(), r.getLumisection(), Math::max);
            }
        });
        touched.forEach(k -> {
            open.get(k).idleMs = 0;
            aggregates.put(k, open.get(k).toBytes());
        });
        // Events of a run arrive in order on its partition: a later lumisection means earlier ones are complete.
        open.values().stream().filter(ls -> {
            Integer latest = latestByRun.get(ls.source + ":" + ls.run);
            return latest != null && ls.lumisection < latest;
        }).toList().forEach(this::close);
    }

    private void forwardClassification(BufferedRecord origin, EventImage r, ImageSourceChecks checks, float[] p,
                                       int predicted) {
        List<String> classes = checks.bundle().classifier().classes();
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            probabilities.put(classes.get(c), (double) p[c]);
        }
        ImageClassification c = new ImageClassification(r.getRun(), r.getLumisection(), r.getEvent(), r.getTimestamp(),
                r.getSource(), checks.bundle().version(), classes.get(predicted), probabilities);
        context.forward(new Record<>(origin.key(), AvroRecords.encode(c), origin.timestamp()),
                MonitorTopology.IMAGE_CLASSIFICATIONS_SINK);
    }

    /**
     * A lumisection is complete when the task's input has moved on in time (stream time) by the timeout
     * past its last event, or when the task has been quiet that long. Quiet time counts only checks in
     * which the task took no input at all, at most one tick each: while it works through earlier records
     * of its other input, or while the stream thread is stalled elsewhere, the lumisection's next events
     * may be waiting unread, and that is not silence.
     */
    private void closeIdle(long now) {
        flush(); // events still waiting for their batch belong to the lumisections about to be judged
        long taken = activity.taken(context.taskId());
        boolean quiet = taken == takenAtLastCheck && lastIdleCheck >= 0;
        long step = quiet ? Math.min(now - lastIdleCheck, idleTick.toMillis()) : 0;
        takenAtLastCheck = taken;
        lastIdleCheck = now;
        long streamTime = context.currentStreamTimeMs();
        long timeout = lumisectionTimeout.toMillis();
        open.values().forEach(ls -> ls.idleMs += step);
        open.values().stream().filter(ls -> ls.idleMs >= timeout || streamTime - ls.lastRecordTimestamp >= timeout)
                .toList().forEach(this::close);
    }

    private void close(LumisectionImages ls) {
        open.remove(ls.key());
        aggregates.delete(ls.key());
        judged.judged(ls.key(), ls.lastRecordTimestamp);
        ImageSourceChecks checks = models.current().get(ls.source);
        Instant at = Instant.ofEpochMilli(ls.firstTimestamp);
        List<SubsystemFlag> flags = new ArrayList<>(2);
        if (checks.mix() != null) {
            metrics.imageClassMix(ls.source, checks.bundle().classifier().classes(), ls.counts);
            flags.add(checks.mix().judge(ls.run, ls.lumisection, at, ls.counts, ls.scores()));
        }
        if (checks.faults() != null) {
            flags.add(checks.faults().judge(ls.run, ls.lumisection, at, ls.events, ls.projectionSums));
        }
        byte[] key = Integer.toString(ls.run).getBytes(StandardCharsets.UTF_8);
        // Stamped, like every output, with the Kafka time of the input that completed it, not the events' own
        // (detector) time: an old data time would put the flag past the topic's retention at once.
        for (SubsystemFlag checked : flags) {
            SubsystemFlag flag = ls.repeats.judge(checked, ls.source, ls.events);
            context.forward(new Record<>(key, AvroRecords.encode(flag), ls.lastRecordTimestamp),
                    MonitorTopology.FLAGS_SINK);
            metrics.flagged(flag, ls.lastRecordTimestamp);
        }
    }
}
