package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.Stores;
import org.dqmstream.TestModels;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams revives a corrupted task by initializing the same processor again over stores rolled back
 * to the last commit. What the processor held in memory from the aborted transaction must not be scored.
 */
class RevivedTaskTest {
    private final ModelBundle bundle = TestModels.bundle();

    private ScoreLumisections processor() {
        MonitorConfig config = MonitorConfig.defaults();
        return new ScoreLumisections(new LiveModel(bundle, config), config.input().limits(),
                new Batching("lumisections", config.maxRecordBytes(), 8, Duration.ofMillis(50), "buffer",
                        new MonitorMetrics(new PrometheusRegistry()), new TaskActivity()),
                new RetainedStore("seen", Duration.ofHours(48)), new RetainedStore("runs", Duration.ofHours(48)));
    }

    @Test
    void aRestartAfterACommitResumesEachRunsHistory() throws Exception {
        List<LumisectionFeatures> run = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(5)
                .withFaultFraction(0)).take(3).stream().map(g -> g.record()).toList();
        assertThat(run).extracting(LumisectionFeatures::getRun).containsOnly(run.get(0).getRun());
        MockProcessorContext<byte[], byte[]> before = contextWithEmptyStores();
        ScoreLumisections first = processor();
        first.init(before);
        process(first, before, run);
        punctuate(before);
        assertThat(before.forwarded(MonitorTopology.FLAGS_SINK)).hasSize(3 * 16);

        // A new instance over the stores as committed (restored from their changelogs): the run goes on.
        MockProcessorContext<byte[], byte[]> after = contextWith(storesOf(before));
        ScoreLumisections second = processor();
        second.init(after);
        LumisectionFeatures frozen = LumisectionFeatures.newBuilder(run.get(2)).setLumisection(
                run.get(2).getLumisection() + 1).build();
        process(second, after, List.of(frozen));
        punctuate(after);
        List<SubsystemFlag> flags = after.forwarded(MonitorTopology.FLAGS_SINK).stream()
                .map(f -> decode(f.record().value())).toList();
        assertThat(flags).hasSize(16).allSatisfy(f -> assertThat(f.getDetector()).as("the frozen lumisection is "
                + "compared with the one before the restart").isEqualTo("stale-readout"));
    }

    @Test
    void aRevivedTaskScoresEachRecordOnceFromItsRestoredState() {
        ScoreLumisections processor = processor();
        List<LumisectionFeatures> records = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(5))
                .take(3).stream().map(g -> g.record()).toList();

        MockProcessorContext<byte[], byte[]> beforeCrash = contextWithEmptyStores();
        processor.init(beforeCrash);
        process(processor, beforeCrash, records);
        assertThat(beforeCrash.forwarded()).as("batch of 8 not full yet").isEmpty();

        // The transaction that buffered them aborts: the stores come back empty and the input is read again.
        MockProcessorContext<byte[], byte[]> revived = contextWithEmptyStores();
        processor.init(revived);
        process(processor, revived, records);
        punctuate(revived);

        assertThat(revived.forwarded(MonitorTopology.SCORES_SINK)).as("one score per record").hasSize(records.size());
        assertThat(revived.forwarded(MonitorTopology.DEAD_LETTER_SINK)).isEmpty();
    }

    private static void punctuate(MockProcessorContext<byte[], byte[]> context) {
        context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + 100);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
    }

    private static SubsystemFlag decode(byte[] value) {
        try {
            return SubsystemFlag.getDecoder().decode(value);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<StateStore> storesOf(MockProcessorContext<byte[], byte[]> context) {
        return List.of(context.getStateStore("buffer"), context.getStateStore("seen"), context.getStateStore("runs"));
    }

    private static MockProcessorContext<byte[], byte[]> contextWithEmptyStores() {
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        List<StateStore> stores = List.of(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("buffer"), Serdes.Long(), Serdes.ByteArray())
                        .withLoggingDisabled().build(),
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("seen"), Serdes.String(), Serdes.Long())
                        .withLoggingDisabled().build(),
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("runs"), Serdes.Integer(), Serdes.ByteArray())
                        .withLoggingDisabled().build());
        stores.forEach(store -> store.init(context.getStateStoreContext(), store));
        return contextWith(stores, context);
    }

    private static MockProcessorContext<byte[], byte[]> contextWith(List<StateStore> stores) {
        return contextWith(stores, new MockProcessorContext<>());
    }

    private static MockProcessorContext<byte[], byte[]> contextWith(List<StateStore> stores,
                                                                   MockProcessorContext<byte[], byte[]> context) {
        context.setCurrentSystemTimeMs(1_000);
        context.setCurrentStreamTimeMs(1_000);
        stores.forEach(context::addStateStore);
        return context;
    }

    private static void process(ScoreLumisections processor, MockProcessorContext<byte[], byte[]> context,
                                List<LumisectionFeatures> records) {
        for (int i = 0; i < records.size(); i++) {
            LumisectionFeatures r = records.get(i);
            byte[] key = Integer.toString(r.getRun()).getBytes(StandardCharsets.UTF_8);
            long timestamp = r.getTimestamp().toEpochMilli();
            context.setRecordMetadata("lumisections", 0, i);
            // As the router hands it on: the input record with its origin.
            processor.process(new Record<>(key, new BufferedRecord(key, AvroRecords.encode(r), timestamp, 0, i)
                    .toBytes(), timestamp));
        }
    }
}
