package org.dqmstream.monitor;

import java.util.Arrays;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratedLumisection;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.metrics.MetricsText;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.LumisectionScore;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The monitor end to end on a real Kafka broker: generated faults in, subsystem flags out. */
class MonitorIT {
    private static final int LUMISECTIONS = 800;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void faultyLumisectionsAreFlaggedBadForTheirSubsystemsAndEveryRecordIsAccountedFor() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        MonitorConfig config = MonitorConfig.defaults().with(Map.of("metrics.port", "0",
                "kafka.application.id", "monitor-it-" + UUID.randomUUID(), "batch.max-records", "64",
                "input.max-record-bytes", "65536"));
        Properties client = config.clientProperties(broker.bootstrapServers());
        TopicSetup.ensure(client, config.topics().all(), 3);

        List<GeneratedLumisection> generated = new LumisectionGenerator(bundle.layout(),
                GeneratorSettings.defaults(77).withFaultFraction(0.3).withMinIntensity(0.8)).take(LUMISECTIONS);
        List<byte[]> bad = badRecords(generated.get(0).record());
        publish(client, config.topics().lumisections(), generated, bad);

        Map<LumisectionId, Integer> scoreCount = new HashMap<>();
        Map<LumisectionId, Map<String, FlagLevel>> levels = new HashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        int flagCount = 0;
        String metrics;
        try (Monitor monitor = Monitor.start(config, bundle, broker.bootstrapServers());
             KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedReader(client,
                     List.of(config.topics().scores(), config.topics().flags(), config.topics().deadLetter()))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while ((scoreCount.size() < LUMISECTIONS || deadLetters.size() < bad.size()
                    || flagCount < LUMISECTIONS * 16) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(config.topics().scores())) {
                        LumisectionScore s = LumisectionScore.getDecoder().decode(r.value());
                        scoreCount.merge(new LumisectionId(s.getRun(), s.getLumisection()), 1, Integer::sum);
                    } else if (r.topic().equals(config.topics().flags())) {
                        SubsystemFlag f = SubsystemFlag.getDecoder().decode(r.value());
                        levels.computeIfAbsent(new LumisectionId(f.getRun(), f.getLumisection()), k -> new HashMap<>())
                                .put(f.getSubsystem(), f.getLevel());
                        flagCount++;
                    } else {
                        deadLetters.add(DeadLetter.getDecoder().decode(r.value()));
                    }
                }
            }
            // A little longer: anything extra (a duplicate) would show up now.
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                throw new AssertionError("unexpected extra output on " + r.topic());
            });
            metrics = MetricsText.scrape("http://127.0.0.1:" + monitor.metricsPort() + "/metrics");
        }

        // Every input accounted for exactly once: scored or dead-lettered.
        assertThat(scoreCount).hasSize(LUMISECTIONS);
        assertThat(scoreCount.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(flagCount).isEqualTo(LUMISECTIONS * 16);
        assertThat(deadLetters).extracting(DeadLetter::getReason).containsExactlyInAnyOrder(
                "UNDECODABLE", "UNDECODABLE", "UNDECODABLE", "NON_FINITE", "LAYOUT_MISMATCH", "LENGTH_MISMATCH",
                "OUT_OF_RANGE", "OVERSIZED");
        assertThat(MetricsText.value(metrics, "dqm_records_scored_total{source=\"lumisection\"}"))
                .isEqualTo((double) LUMISECTIONS);
        assertThat(metrics).contains("dqm_model_info{model=\"lumisection\",version=\"" + bundle.version() + "\"}");

        // Faulty lumisections are BAD for the subsystems their fault breaks; clean ones stay GOOD.
        int faultyPairs = 0, faultyBad = 0, cleanPairs = 0, cleanGood = 0, cleanBad = 0;
        for (GeneratedLumisection g : generated) {
            Map<String, FlagLevel> verdict = levels.get(g.id());
            assertThat(verdict).as("flags of %s", g.id()).hasSize(16);
            if (g.isGood()) {
                for (FlagLevel level : verdict.values()) {
                    cleanPairs++;
                    cleanGood += level == FlagLevel.GOOD ? 1 : 0;
                    cleanBad += level == FlagLevel.BAD ? 1 : 0;
                }
            } else {
                for (String subsystem : g.badSubsystems()) {
                    faultyPairs++;
                    faultyBad += verdict.get(subsystem) == FlagLevel.BAD ? 1 : 0;
                }
            }
        }
        assertThat(faultyPairs).isGreaterThan(100);
        assertThat(faultyBad / (double) faultyPairs).as("obvious faults flagged BAD for their subsystems")
                .isGreaterThan(0.9);
        assertThat(cleanGood / (double) cleanPairs).as("clean lumisections GOOD").isGreaterThan(0.9);
        assertThat(cleanBad / (double) cleanPairs).as("clean lumisections BAD").isLessThan(0.05);
    }

    private static List<byte[]> badRecords(LumisectionFeatures template) {
        List<byte[]> bad = new ArrayList<>();
        bad.add("not avro".getBytes(StandardCharsets.UTF_8));
        bad.add(new byte[0]);
        byte[] valid = AvroRecords.encode(template);
        bad.add(Arrays.copyOf(valid, valid.length - 100));
        LumisectionFeatures nan = LumisectionFeatures.newBuilder(template).build();
        float[] f = PackedFloats.unpack(nan.getFeatures());
        f[5] = Float.POSITIVE_INFINITY;
        nan.setFeatures(PackedFloats.pack(f));
        bad.add(AvroRecords.encode(nan));
        bad.add(AvroRecords.encode(LumisectionFeatures.newBuilder(template).setLayoutId("cms-ls-0").build()));
        bad.add(AvroRecords.encode(LumisectionFeatures.newBuilder(template).setFeatureCount(3).build()));
        bad.add(AvroRecords.encode(LumisectionFeatures.newBuilder(template).setRun(-1).build()));
        bad.add(new byte[100_000]);
        return bad;
    }

    private static void publish(Properties client, String topic, List<GeneratedLumisection> generated,
                                List<byte[]> bad) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
            int every = generated.size() / bad.size();
            for (int i = 0; i < generated.size(); i++) {
                LumisectionFeatures r = generated.get(i).record();
                byte[] key = Integer.toString(r.getRun()).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, AvroRecords.encode(r)));
                if (i % every == every / 2 && i / every < bad.size()) {
                    producer.send(new ProducerRecord<>(topic, key, bad.get(i / every)));
                }
            }
            producer.flush();
        }
    }
}
