package org.dqmstream.monitor;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageLimits;
import org.dqmstream.image.ImageSource;
import org.dqmstream.ingest.InputLimits;
import org.dqmstream.metrics.MonitorMetrics;

/** The monitor's stream processing, from configuration and models to a Kafka Streams topology. */
public final class MonitorTopology {
    static final String LUMISECTION_SOURCE = "lumisection-features";
    static final String ROUTE_LUMISECTIONS = "route-lumisections";
    static final String LUMISECTIONS_BY_RUN_SINK = "lumisections-by-run-out";
    static final String LUMISECTIONS_BY_RUN_SOURCE = "lumisections-by-run";
    static final String SCORE_LUMISECTIONS = "score-lumisections";
    static final String LUMISECTION_BUFFER = "lumisection-batch-buffer";
    static final String IMAGE_SOURCE = "event-images";
    static final String SCORE_IMAGES = "score-images";
    static final String IMAGE_BUFFER = "image-batch-buffer";
    static final String IMAGE_LUMISECTIONS = "image-lumisections";
    static final String LUMISECTIONS_SEEN = "lumisections-seen";
    static final String RUN_HISTORIES = "run-histories";
    static final String IMAGE_LUMISECTIONS_JUDGED = "image-lumisections-judged";
    static final String SCORES_SINK = "lumisection-scores";
    static final String IMAGE_CLASSIFICATIONS_SINK = "image-classifications";
    static final String FLAGS_SINK = "subsystem-flags";
    static final String DEAD_LETTER_SINK = "dead-letters";
    static final String VERDICT_SOURCE = "flag-verdicts";
    static final String CERTIFY_RUNS = "certify-runs";
    static final String RUN_CERTIFICATIONS = "run-certifications";
    static final String CERTIFICATION_SINK = "run-certification";

    private MonitorTopology() {
    }

    /**
     * lumisection features -> check and route to the run's task (through the by-run topic unless already
     * on the run's partition) -> batch, score -> per-lumisection scores and per-subsystem flags -> with
     * the shift crew's verdicts (keyed by run, so they meet the run's task), each run's certification;
     * with image models, event images -> decode, batch, classify -> per-event classifications and, per
     * completed lumisection and source, class-mix and detector-fault flags on the same flags topic.
     * Every record that cannot be scored becomes a dead letter.
     *
     * @param lumisectionPartitions partitions of the lumisection topic, which the by-run topic has too
     * @param model       the lumisection model in service, which the registry may swap while running
     * @param imageModels the models of the configured image sources that loaded; a configured source
     *                    without one has its records dead-lettered
     */
    static Topology build(MonitorConfig config, int lumisectionPartitions, LiveModel model,
                          LiveImageModels imageModels, MonitorMetrics metrics) {
        MonitorConfig.Topics topics = config.topics();
        TaskActivity activity = new TaskActivity();
        Topology topology = new Topology();
        InputLimits inputLimits = config.input().limits();
        topology.addSource(LUMISECTION_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.lumisections());
        topology.addProcessor(ROUTE_LUMISECTIONS, () -> new RouteLumisections(model, inputLimits, lumisectionPartitions,
                metrics, activity, topics.lumisections()), LUMISECTION_SOURCE);
        topology.addSink(LUMISECTIONS_BY_RUN_SINK, topics.lumisectionsByRun(), new ByteArraySerializer(),
                new ByteArraySerializer(), RouteLumisections.byRun(), ROUTE_LUMISECTIONS);
        topology.addSource(LUMISECTIONS_BY_RUN_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.lumisectionsByRun());
        Batching lumisectionBatches = new Batching(topics.lumisections(), inputLimits.maxRecordBytes(),
                config.batch().maxRecords(), config.batch().maxWait(), LUMISECTION_BUFFER, metrics, activity);
        topology.addProcessor(SCORE_LUMISECTIONS, () -> new ScoreLumisections(model, inputLimits, lumisectionBatches,
                new RetainedStore(LUMISECTIONS_SEEN, config.duplicateRetention()),
                new RetainedStore(RUN_HISTORIES, config.runs().retention())),
                ROUTE_LUMISECTIONS, LUMISECTIONS_BY_RUN_SOURCE);
        topology.addStateStore(buffer(LUMISECTION_BUFFER), SCORE_LUMISECTIONS);
        topology.addStateStore(judged(LUMISECTIONS_SEEN), SCORE_LUMISECTIONS);
        // Cached like the buffer: in a backfill a run's history reaches the changelog once per commit.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RUN_HISTORIES),
                Serdes.Integer(), Serdes.ByteArray()).withCachingEnabled(), SCORE_LUMISECTIONS);
        topology.addSink(SCORES_SINK, topics.scores(), new ByteArraySerializer(), new ByteArraySerializer(),
                SCORE_LUMISECTIONS);
        topology.addSource(VERDICT_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.flagVerdicts());
        topology.addProcessor(CERTIFY_RUNS, () -> new CertifyRuns(model, config, metrics, RUN_CERTIFICATIONS),
                SCORE_LUMISECTIONS, VERDICT_SOURCE);
        // Cached: a run's ledger is written with every flag, but reaches the changelog once per commit.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RUN_CERTIFICATIONS),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), CERTIFY_RUNS);
        topology.addSink(CERTIFICATION_SINK, topics.runCertification(), new ByteArraySerializer(),
                new ByteArraySerializer(), CERTIFY_RUNS);
        List<String> scorers = new ArrayList<>(List.of(SCORE_LUMISECTIONS));

        MonitorConfig.Images images = config.images();
        if (!images.sources().isEmpty()) {
            ImageLimits limits = ImageLimits.covering(images.sources().keySet().stream()
                    .map(id -> ImageSource.ofId(id).shape()).toList());
            topology.addSource(IMAGE_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.images());
            Batching imageBatches = new Batching(topics.images(), config.maxRecordBytes(), config.batch().maxRecords(),
                    config.batch().maxWait(), IMAGE_BUFFER, metrics, activity);
            topology.addProcessor(SCORE_IMAGES, () -> new ScoreImages(imageModels, limits, images.lumisectionTimeout(),
                    imageBatches, IMAGE_LUMISECTIONS, new RetainedStore(IMAGE_LUMISECTIONS_JUDGED,
                    config.duplicateRetention())), IMAGE_SOURCE);
            topology.addStateStore(buffer(IMAGE_BUFFER), SCORE_IMAGES);
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(IMAGE_LUMISECTIONS),
                    Serdes.String(), Serdes.ByteArray()), SCORE_IMAGES);
            topology.addStateStore(judged(IMAGE_LUMISECTIONS_JUDGED), SCORE_IMAGES);
            topology.addSink(IMAGE_CLASSIFICATIONS_SINK, topics.imageClassifications(), new ByteArraySerializer(),
                    new ByteArraySerializer(), SCORE_IMAGES);
            scorers.add(SCORE_IMAGES);
        }
        topology.addSink(FLAGS_SINK, topics.flags(), new ByteArraySerializer(), new ByteArraySerializer(),
                scorers.toArray(String[]::new));
        scorers.add(ROUTE_LUMISECTIONS);
        scorers.add(CERTIFY_RUNS);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetter(), new ByteArraySerializer(), new ByteArraySerializer(),
                scorers.toArray(String[]::new));
        return topology;
    }

    /** Lumisections already judged, by key, with their time: see {@link JudgedLumisections}. */
    private static StoreBuilder<?> judged(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long());
    }

    /**
     * Records waiting for their batch, changelogged so that a restart resumes them. Cached: a record put
     * and scored within one commit interval, as in backfill, reaches the changelog as a small tombstone
     * instead of a second copy of the input (the cache is flushed before every commit, so exactly-once holds).
     */
    private static StoreBuilder<?> buffer(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Long(), Serdes.ByteArray())
                .withCachingEnabled();
    }
}
