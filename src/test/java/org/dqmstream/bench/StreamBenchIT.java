package org.dqmstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.model.ModelBundle;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's reference topologies write what their rows in BENCHMARKS.md say they write: the
 * pass-through one copy of each input, the outputs-only topology one score and one record per flag; and
 * the monitor's rate is one of scored records, never of rejections.
 */
class StreamBenchIT {
    private static final int RECORDS = 20_000;

    @Test
    void referenceTopologiesWriteWhatTheyClaim() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            MonitorConfig cfg = MonitorConfig.defaults().with(Map.of("metrics.port", "0"));
            Properties client = cfg.clientProperties(broker.bootstrapServers());
            StreamBench bench = new StreamBench(cfg, broker.bootstrapServers());
            String input = bench.fill("it", i -> ("input " + i).getBytes(StandardCharsets.UTF_8),
                    StreamBenchIT::key, RECORDS);

            StreamBench.Rate pass = bench.passThrough(input, RECORDS, 10);
            assertThat(pass.records()).isPositive().isLessThanOrEqualTo(RECORDS);
            assertThat(pass.perSecond()).isPositive();
            Map<String, Long> copies = committedValues(client, input + "-copy", RECORDS);
            assertThat(copies).hasSize(RECORDS).containsKeys("input 0", "input " + (RECORDS - 1));
            assertThat(copies.values()).containsOnly(1L);

            byte[] score = "score".getBytes(StandardCharsets.UTF_8);
            List<byte[]> flags = IntStream.range(0, 3).mapToObj(f -> ("flag " + f).getBytes(StandardCharsets.UTF_8))
                    .toList();
            StreamBench.Rate outputs = bench.outputsOnly(input, RECORDS, 10, score, flags);
            assertThat(outputs.records()).isPositive().isLessThanOrEqualTo(RECORDS);
            assertThat(committedValues(client, input + "-scores", RECORDS)).containsExactly(Map.entry("score",
                    (long) RECORDS));
            assertThat(committedValues(client, input + "-flags", 3 * RECORDS)).containsOnly(
                    Map.entry("flag 0", (long) RECORDS), Map.entry("flag 1", (long) RECORDS),
                    Map.entry("flag 2", (long) RECORDS));
        }
    }

    @Test
    void theMonitorsRateCountsScoredRecordsOnly() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        List<byte[]> lumisections = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(3)).take(1500)
                .stream().map(g -> AvroRecords.encode(g.record())).toList();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            StreamBench bench = new StreamBench(MonitorConfig.defaults(), broker.bootstrapServers());
            String scored = bench.fill("scored", lumisections::get,
                    StreamBenchIT::key, lumisections.size());
            StreamBench.Rate rate = bench.monitor(Map.of("topics.lumisections", scored), bundle, scored,
                    lumisections.size(), 13_000);
            assertThat(rate.records()).isPositive();
            assertThat(rate.scoringSeconds()).isPositive();
            assertThat(rate.meanBatch()).isGreaterThan(1);

            // The first 100 lumisections over and over: all but 100 are duplicates, dead-lettered unscored.
            String repeated = bench.fill("repeated", i -> lumisections.get(i % 100), StreamBenchIT::key,
                    lumisections.size());
            assertThatThrownBy(() -> bench.monitor(Map.of("topics.lumisections", repeated), bundle, repeated,
                    lumisections.size(), 13_000)).hasMessageContaining("dead-lettered bench records")
                    .hasMessageContaining("DUPLICATE");
        }
    }

    /** Each committed value of {@code topic} with how often it occurs, once {@code expected} have been read. */
    private static Map<String, Long> committedValues(Properties client, String topic, int expected) {
        Map<String, Long> counts = new HashMap<>();
        long read = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> reader = KafkaClients.committedReader(client, List.of(topic))) {
            while (read < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    counts.merge(new String(r.value(), StandardCharsets.UTF_8), 1L, Long::sum);
                    read++;
                }
            }
            // Anything beyond the expected count would be a duplicate: give it a moment to show up.
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofSeconds(1))) {
                counts.merge(new String(r.value(), StandardCharsets.UTF_8), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static byte[] key(int i) {
        return Integer.toString(i / 100).getBytes(StandardCharsets.UTF_8);
    }
}
