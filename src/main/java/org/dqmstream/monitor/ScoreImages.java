package org.dqmstream.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dqmstream.image.EventImageDecoder;
import org.dqmstream.image.ImageLimits;
import org.dqmstream.image.ImageLumisectionCheck;
import org.dqmstream.image.ParticleClassifier;
import org.dqmstream.image.ParticleClassifierBundle;
import org.dqmstream.image.ParticleImage;
import org.dqmstream.image.ParticleType;
import org.dqmstream.image.ValidEventImage;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.ImageClassification;
import org.dqmstream.records.SubsystemFlag;

/**
 * Classifies particle images in batches, publishes each event's classification, and judges each
 * lumisection once it is complete: when the run's next lumisection starts, or when it has been idle
 * for the configured timeout. Open lumisections live in a changelogged store, like the batch buffer.
 */
final class ScoreImages extends BatchingProcessor<ValidEventImage> {
    private static final int SCORED_CLASS = ParticleType.PION.ordinal();

    private final EventImageDecoder decoder;
    private final ParticleClassifierBundle bundle;
    private final ImageLumisectionCheck check;
    private final Duration lumisectionTimeout;
    private final String aggregateStoreName;
    private KeyValueStore<String, byte[]> aggregates;
    private final Map<String, LumisectionImages> open = new LinkedHashMap<>();

    ScoreImages(ParticleClassifierBundle bundle, ImageLumisectionCheck check, Duration lumisectionTimeout,
                MonitorMetrics metrics, int maxRecordBytes, int maxBatch, Duration maxWait, String inputTopic,
                String bufferStoreName, String aggregateStoreName) {
        super(ImageLumisectionCheck.SOURCE, metrics, maxRecordBytes, maxBatch, maxWait, inputTopic, bufferStoreName);
        this.decoder = new EventImageDecoder(new ImageLimits(1, ParticleImage.SIDE, ParticleImage.SIDE), maxRecordBytes);
        this.bundle = bundle;
        this.check = check;
        this.lumisectionTimeout = lumisectionTimeout;
        this.aggregateStoreName = aggregateStoreName;
    }

    @Override
    protected void initialize() {
        aggregates = context.getStateStore(aggregateStoreName);
        try (KeyValueIterator<String, byte[]> restored = aggregates.all()) {
            restored.forEachRemaining(kv -> open.put(kv.key, LumisectionImages.fromBytes(kv.value)));
        }
        Duration every = lumisectionTimeout.dividedBy(4).compareTo(Duration.ofMillis(100)) < 0
                ? Duration.ofMillis(100) : lumisectionTimeout.dividedBy(4);
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::closeIdle);
    }

    @Override
    protected ValidEventImage decode(byte[] value) throws RecordRejectedException {
        ValidEventImage image = decoder.decode(value);
        EventImage r = image.record();
        if (r.getViews() != 1 || r.getHeight() != ParticleImage.SIDE || r.getWidth() != ParticleImage.SIDE) {
            throw new RecordRejectedException(RejectionReason.SHAPE_OUT_OF_RANGE, "source " + r.getSource() + ": "
                    + r.getViews() + "x" + r.getHeight() + "x" + r.getWidth() + " image, the particle classifier takes 1x10x10");
        }
        return image;
    }

    @Override
    protected void score(List<BufferedRecord> origins, List<ValidEventImage> batch) {
        float[][] p = bundle.classifier().probabilitiesOfHits(
                batch.stream().map(ValidEventImage::pixels).toArray(float[][]::new));
        long now = context.currentSystemTimeMs();
        Map<Integer, Integer> latestByRun = new HashMap<>();
        List<String> touched = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            EventImage r = batch.get(i).record();
            int predicted = ParticleClassifier.argmax(p[i]);
            Map<String, Double> probabilities = new LinkedHashMap<>();
            for (ParticleType t : ParticleType.values()) {
                probabilities.put(t.name(), (double) p[i][t.ordinal()]);
            }
            ImageClassification c = new ImageClassification(r.getRun(), r.getLumisection(), r.getEvent(),
                    r.getTimestamp(), r.getSource(), bundle.version(), ParticleType.values()[predicted].name(),
                    probabilities);
            context.forward(new Record<>(origins.get(i).key(), AvroRecords.encode(c), origins.get(i).timestamp()),
                    MonitorTopology.IMAGE_CLASSIFICATIONS_SINK);
            LumisectionImages ls = open.computeIfAbsent(r.getRun() + ":" + r.getLumisection(), k -> new LumisectionImages(
                    r.getRun(), r.getLumisection(), r.getTimestamp().toEpochMilli(), ParticleType.values().length));
            ls.add(predicted, p[i][SCORED_CLASS], now);
            touched.add(ls.key());
            latestByRun.merge(r.getRun(), r.getLumisection(), Math::max);
        }
        touched.stream().distinct().forEach(k -> aggregates.put(k, open.get(k).toBytes()));
        // Events of a run arrive in order on its partition: a later lumisection means earlier ones are complete.
        open.values().stream().filter(ls -> latestByRun.containsKey(ls.run) && ls.lumisection < latestByRun.get(ls.run))
                .toList().forEach(this::close);
    }

    private void closeIdle(long now) {
        open.values().stream().filter(ls -> now - ls.lastUpdate >= lumisectionTimeout.toMillis()).toList()
                .forEach(this::close);
    }

    private void close(LumisectionImages ls) {
        open.remove(ls.key());
        aggregates.delete(ls.key());
        SubsystemFlag flag = check.judge(ls.run, ls.lumisection, Instant.ofEpochMilli(ls.firstTimestamp), ls.counts,
                ls.scores());
        context.forward(new Record<>(Integer.toString(ls.run).getBytes(StandardCharsets.UTF_8), AvroRecords.encode(flag),
                ls.firstTimestamp), MonitorTopology.FLAGS_SINK);
        metrics.flagged(flag);
    }
}
