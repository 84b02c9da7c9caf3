package org.dqmstream.monitor;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.scoring.LumisectionScorer;

/** The monitor's stream processing, from configuration and model to a Kafka Streams topology. */
public final class MonitorTopology {
    static final String LUMISECTION_SOURCE = "lumisection-features";
    static final String SCORE_LUMISECTIONS = "score-lumisections";
    static final String LUMISECTION_BUFFER = "lumisection-batch-buffer";
    static final String SCORES_SINK = "lumisection-scores";
    static final String FLAGS_SINK = "subsystem-flags";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private MonitorTopology() {
    }

    /**
     * lumisection features -> decode, batch, score -> per-lumisection scores, per-subsystem flags, and a
     * dead letter for every record that cannot be scored.
     */
    public static Topology build(MonitorConfig config, ModelBundle bundle, MonitorMetrics metrics) {
        MonitorConfig.Topics topics = config.topics();
        LumisectionScorer scorer = new LumisectionScorer(bundle);
        SubsystemFlagger flagger = new SubsystemFlagger(bundle, config.topFeatures());
        Topology topology = new Topology();
        topology.addSource(LUMISECTION_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.lumisections());
        topology.addProcessor(SCORE_LUMISECTIONS, () -> new ScoreLumisections(scorer, flagger, metrics,
                config.maxRecordBytes(), config.batch().maxRecords(), config.batch().maxWait(),
                topics.lumisections(), LUMISECTION_BUFFER), LUMISECTION_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LUMISECTION_BUFFER),
                Serdes.Long(), Serdes.ByteArray()), SCORE_LUMISECTIONS);
        topology.addSink(SCORES_SINK, topics.scores(), new ByteArraySerializer(), new ByteArraySerializer(),
                SCORE_LUMISECTIONS);
        topology.addSink(FLAGS_SINK, topics.flags(), new ByteArraySerializer(), new ByteArraySerializer(),
                SCORE_LUMISECTIONS);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetter(), new ByteArraySerializer(), new ByteArraySerializer(),
                SCORE_LUMISECTIONS);
        return topology;
    }
}
