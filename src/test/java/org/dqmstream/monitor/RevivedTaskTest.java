package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.dqmstream.TestModels;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.LumisectionFeatures;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams revives a corrupted task by initializing the same processor again over stores rolled back
 * to the last commit. What the processor held in memory from the aborted transaction must not be scored.
 */
class RevivedTaskTest {
    private final ModelBundle bundle = TestModels.bundle();

    @Test
    void aRevivedTaskScoresEachRecordOnceFromItsRestoredState() {
        ScoreLumisections processor = new ScoreLumisections(new LiveModel(bundle, MonitorConfig.defaults()),
                new MonitorMetrics(new PrometheusRegistry()), new TaskActivity(), MonitorConfig.defaults().input().limits(), 8,
                Duration.ofMillis(50), "lumisections", "buffer", "seen", Duration.ofHours(48), "runs",
                Duration.ofHours(48));
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
        revived.setCurrentSystemTimeMs(revived.currentSystemTimeMs() + 100);
        revived.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(revived.currentSystemTimeMs()));

        assertThat(revived.forwarded(MonitorTopology.SCORES_SINK)).as("one score per record").hasSize(records.size());
        assertThat(revived.forwarded(MonitorTopology.DEAD_LETTER_SINK)).isEmpty();
    }

    private static MockProcessorContext<byte[], byte[]> contextWithEmptyStores() {
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000);
        context.setCurrentStreamTimeMs(1_000);
        KeyValueStore<Long, byte[]> buffer = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("buffer"),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        KeyValueStore<String, Long> seen = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("seen"),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        KeyValueStore<Integer, byte[]> runs = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("runs"),
                Serdes.Integer(), Serdes.ByteArray()).withLoggingDisabled().build();
        buffer.init(context.getStateStoreContext(), buffer);
        seen.init(context.getStateStoreContext(), seen);
        runs.init(context.getStateStoreContext(), runs);
        context.addStateStore(buffer);
        context.addStateStore(seen);
        context.addStateStore(runs);
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
