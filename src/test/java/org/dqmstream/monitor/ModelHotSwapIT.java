package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.cli.DqmStream;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.image.EventImages;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.SeparableParticles;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.metrics.MetricsText;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.ImageClassification;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.LumisectionScore;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.registry.ModelAnnouncement;
import org.dqmstream.registry.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running monitor follows the model registry: a bundle promoted while lumisections stream in takes
 * over between records, a corrupt one is refused while the model in service goes on, and a rollback
 * brings the earlier version back. Every lumisection is scored exactly once, stamped with the version
 * that scored it.
 */
class ModelHotSwapIT {
    private static final int STREAMED = 400;
    private static final int AFTER_EACH_STEP = 50;

    @TempDir
    Path dir;

    @Test
    void promotedModelsTakeOverBetweenRecordsAndCorruptOnesAreRefused() throws Exception {
        ModelBundle first = TestModels.bundle();
        ModelBundle second = new ModelBundle(first.version() + "-retrained", first.createdAt(), first.layout(),
                first.groups(), first.subsystems(), first.thresholds(), first.training(), first.runContext(),
                first.scoreParts());
        first.save(dir.resolve("first"));
        second.save(dir.resolve("second"));
        Path corrupt = dir.resolve("corrupt");
        first.save(corrupt);
        Files.writeString(corrupt.resolve("manifest.json"), "{\"format\": 1, \"kind\": \"lumisection-autoe");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            MonitorConfig config = MonitorConfig.defaults().with(Map.of("metrics.port", "0",
                    "kafka.application.id", "hot-swap-it-" + UUID.randomUUID(), "batch.max-records", "16",
                    "batch.max-wait-ms", "20", "kafka.state.dir", dir.resolve("state").toString()));
            Properties client = config.clientProperties(bootstrap);
            TopicSetup.ensure(client, config.topics().all(), 1);
            LumisectionGenerator generator = new LumisectionGenerator(first.layout(), GeneratorSettings.defaults(5));
            // The version in service at deployment is promoted too, so that a rollback can return to it.
            assertThat(DqmStream.commandLine().execute("promote", "--bootstrap-servers", bootstrap,
                    dir.resolve("first").toString())).isZero();
            try (Monitor monitor = Monitor.start(config, first, bootstrap);
                 KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
                String metrics = "http://127.0.0.1:" + monitor.metricsPort() + "/metrics";

                // Promoted from the command line while a steady stream comes in.
                Thread stream = new Thread(() -> publish(producer, config, generator, STREAMED, 10));
                stream.start();
                awaitScored(metrics, 50);
                assertThat(DqmStream.commandLine().execute("promote", "--bootstrap-servers", bootstrap,
                        dir.resolve("second").toString())).isZero();
                awaitMetrics(metrics, m -> m.contains(infoOf(second)), "second version in service");
                stream.join();
                // A swap applies to what is scored after it, not to what was published before it: let the
                // stream catch up before each registry change.
                awaitScored(metrics, STREAMED);

                ModelRegistry registry = ModelRegistry.on(client, config.topics().models());
                registry.promote(Monitor.LUMISECTION_MODEL, new ModelAnnouncement.Release("broken-1", corrupt.toString()));
                awaitMetrics(metrics, m -> MetricsText.value(m,
                        "dqm_model_load_failures_total{model=\"lumisection\"}") == 1.0, "corrupt bundle refused");
                assertThat(MetricsText.scrape(metrics)).contains(infoOf(second)).doesNotContain("broken-1");
                publish(producer, config, generator, AFTER_EACH_STEP, 0);
                awaitScored(metrics, STREAMED + AFTER_EACH_STEP);

                // Back past the corrupt announcement (to the second version, already serving), then to the first.
                assertThat(DqmStream.commandLine().execute("rollback", "--bootstrap-servers", bootstrap)).isZero();
                assertThat(DqmStream.commandLine().execute("rollback", "--bootstrap-servers", bootstrap)).isZero();
                awaitMetrics(metrics, m -> m.contains(infoOf(first)) && !m.contains(infoOf(second)),
                        "first version back in service");
                publish(producer, config, generator, AFTER_EACH_STEP, 0);

                List<String> versions = scoredVersionsInInputOrder(client, config, STREAMED + 2 * AFTER_EACH_STEP);
                List<String> streamed = versions.subList(0, STREAMED);
                int switchAt = streamed.indexOf(second.version());
                assertThat(switchAt).as("the stream switched to the promoted version mid-way").isBetween(1, STREAMED - 1);
                assertThat(streamed.subList(0, switchAt)).containsOnly(first.version());
                assertThat(streamed.subList(switchAt, STREAMED)).as("never back to the old one after the switch")
                        .containsOnly(second.version());
                assertThat(versions.subList(STREAMED, STREAMED + AFTER_EACH_STEP)).as("after the corrupt bundle")
                        .containsOnly(second.version());
                assertThat(versions.subList(STREAMED + AFTER_EACH_STEP, versions.size())).as("after the rollback")
                        .containsOnly(first.version());
            }
        }
    }

    @Test
    void anImageSourcesPromotedBundleClassifiesTheEventsAfterIt() throws Exception {
        ImageSourceBundle first = SeparableParticles.bundle();
        ImageSourceBundle second = new ImageSourceBundle(first.source(), first.version() + "-retrained",
                first.classifier(), first.reference(), first.autoencoder(), first.metrics(),
                first.dataFingerprint());
        first.save(dir.resolve("particles-1"));
        second.save(dir.resolve("particles-2"));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            MonitorConfig config = MonitorConfig.defaults().with(Map.of("metrics.port", "0",
                    "kafka.application.id", "hot-swap-images-it-" + UUID.randomUUID(), "batch.max-records", "50",
                    "batch.max-wait-ms", "20", "kafka.state.dir", dir.resolve("state").toString(),
                    "images.sources", "particles", "images.particles.model-dir", dir.resolve("particles-1").toString(),
                    "images.lumisection-timeout-ms", "3000"));
            Properties client = config.clientProperties(bootstrap);
            TopicSetup.ensure(client, config.topics().all(), 1);
            Random rng = new Random(3);
            try (Monitor monitor = Monitor.start(config, TestModels.bundle(), bootstrap);
                 KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
                String metrics = "http://127.0.0.1:" + monitor.metricsPort() + "/metrics";
                publishImages(producer, config, 1, 3, rng);
                awaitMetrics(metrics, m -> MetricsText.value(m, "dqm_records_scored_total{source=\"image\"}") >= 300,
                        "the first 300 events classified");
                assertThat(DqmStream.commandLine().execute("promote", "--model", "particles", "--bootstrap-servers",
                        bootstrap, dir.resolve("particles-2").toString())).isZero();
                awaitMetrics(metrics, m -> m.contains("dqm_model_info{model=\"particles\",version=\""
                        + second.version() + "\"}"), "the retrained particle bundle in service");
                publishImages(producer, config, 4, 6, rng);

                Map<Integer, List<String>> versionsByLumisection = new HashMap<>();
                try (KafkaConsumer<byte[], byte[]> reader = KafkaClients.committedReader(client,
                        List.of(config.topics().imageClassifications()))) {
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                    int seen = 0;
                    while (seen < 600 && System.nanoTime() < deadline) {
                        for (var r : reader.poll(Duration.ofMillis(500))) {
                            ImageClassification c = ImageClassification.getDecoder().decode(r.value());
                            versionsByLumisection.computeIfAbsent(c.getLumisection(), k -> new ArrayList<>())
                                    .add(c.getModelVersion());
                            seen++;
                        }
                    }
                }
                assertThat(versionsByLumisection).containsOnlyKeys(1, 2, 3, 4, 5, 6);
                for (int ls = 1; ls <= 6; ls++) {
                    assertThat(versionsByLumisection.get(ls)).as("lumisection %d", ls).hasSize(100)
                            .containsOnly(ls <= 3 ? first.version() : second.version());
                }
            }
        }
    }

    private static void publishImages(KafkaProducer<byte[], byte[]> producer, MonitorConfig config, int fromLumisection,
                                      int toLumisection, Random rng) {
        for (int ls = fromLumisection; ls <= toLumisection; ls++) {
            EventImages.particles(7, ls, 100, 0, rng).forEach(e -> producer.send(new ProducerRecord<>(
                    config.topics().images(), "7".getBytes(StandardCharsets.UTF_8), AvroRecords.encode(e))));
        }
        producer.flush();
    }

    private static String infoOf(ModelBundle bundle) {
        return "dqm_model_info{model=\"lumisection\",version=\"" + bundle.version() + "\"}";
    }

    private static void publish(KafkaProducer<byte[], byte[]> producer, MonitorConfig config,
                                LumisectionGenerator generator, int count, long pauseMillis) {
        for (int i = 0; i < count; i++) {
            LumisectionFeatures r = generator.next().record();
            producer.send(new ProducerRecord<>(config.topics().lumisections(),
                    Integer.toString(r.getRun()).getBytes(StandardCharsets.UTF_8), AvroRecords.encode(r)));
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        producer.flush();
    }

    private static void awaitScored(String metrics, int lumisections) throws Exception {
        awaitMetrics(metrics, m -> MetricsText.value(m, "dqm_records_scored_total{source=\"lumisection\"}")
                >= lumisections, lumisections + " lumisections scored");
    }

    private static void awaitMetrics(String url, Predicate<String> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.test(MetricsText.scrape(url))) {
            assertThat(System.nanoTime()).as(what + " within a minute").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * The model version of each input's score, in input order, after checking that each of the
     * {@code expected} inputs has exactly one score and each flag the same version as its score.
     */
    private static List<String> scoredVersionsInInputOrder(Properties client, MonitorConfig config, int expected) {
        List<LumisectionScore> scores = new ArrayList<>();
        Map<String, String> versionByLumisection = new HashMap<>();
        List<SubsystemFlag> flags = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = KafkaClients.committedReader(client,
                List.of(config.topics().scores(), config.topics().flags()))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            int idle = 0;
            while ((scores.size() < expected || idle < 4) && System.nanoTime() < deadline) {
                var records = reader.poll(Duration.ofMillis(500));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (var r : records) {
                    if (r.topic().equals(config.topics().scores())) {
                        LumisectionScore s = LumisectionScore.getDecoder().decode(r.value());
                        scores.add(s);
                        versionByLumisection.put(s.getRun() + ":" + s.getLumisection(), s.getModelVersion());
                    } else {
                        flags.add(SubsystemFlag.getDecoder().decode(r.value()));
                    }
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(scores).as("one score per lumisection").hasSize(expected);
        assertThat(versionByLumisection).as("no lumisection scored twice").hasSize(expected);
        assertThat(flags).allSatisfy(f -> assertThat(f.getModelVersion()).as("flag of %d:%d", f.getRun(),
                f.getLumisection()).isEqualTo(versionByLumisection.get(f.getRun() + ":" + f.getLumisection())));
        return scores.stream().map(LumisectionScore::getModelVersion).toList();
    }
}
