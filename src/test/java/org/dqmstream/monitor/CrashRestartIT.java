package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.TestClients;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.image.EventImages;
import org.dqmstream.image.SeparableParticles;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.ImageClassification;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.LumisectionScore;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor as its own JVM, killed with SIGKILL at random points while it works through 100,000
 * lumisections and 5,000 event images, and restarted each time. At the end a read_committed reader
 * sees exactly one score and one flag per subsystem for every lumisection, one classification for every
 * image and one class-mix flag for every image lumisection: nothing lost, nothing twice.
 */
class CrashRestartIT {
    private static final int LUMISECTIONS = 100_000;
    private static final int IMAGE_LUMISECTIONS = 50;
    private static final int EVENTS_PER_LUMISECTION = 100;
    private static final int KILLS = 3;
    private static final long EXPECTED = LUMISECTIONS + (long) IMAGE_LUMISECTIONS * EVENTS_PER_LUMISECTION;

    @TempDir
    Path dir;

    @Test
    void sigkillAtRandomPointsLosesAndRepeatsNothing() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        bundle.save(dir.resolve("model"));
        SeparableParticles.bundle().save(dir.resolve("particles"));
        String app = "crash-it-" + UUID.randomUUID();
        MonitorConfig config = MonitorConfig.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Properties client = config.clientProperties(broker.bootstrapServers());
            TopicSetup.ensure(client, config.topics().all(), 3);
            publish(client, config, bundle);

            List<String> command = List.of(javaBinary(), "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                    "org.dqmstream.cli.DqmStream", "run", "--bootstrap-servers", broker.bootstrapServers(),
                    "--model", dir.resolve("model").toString(), "--no-generator", "--images", "particles",
                    "-D", "images.particles.model-dir=" + dir.resolve("particles"),
                    "-D", "images.lumisection-timeout-ms=2000",
                    "-D", "kafka.application.id=" + app, "-D", "kafka.state.dir=" + dir.resolve("state"),
                    "-D", "metrics.port=0", "-D", "console.interval-seconds=3600",
                    // A killed member never says goodbye: let the group notice within seconds.
                    "-D", "kafka.client.consumer.session.timeout.ms=6000");
            Random rng = new Random();
            long lastConsumed = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                Process monitor = start(command, kill);
                long after = 10 + rng.nextInt(20);
                assertThat(monitor.waitFor(after, TimeUnit.SECONDS)).as("the monitor runs until killed").isFalse();
                monitor.destroyForcibly().waitFor();
                long consumed = consumed(client, app, config);
                System.out.printf("SIGKILL %d after %d s: %d of %d input records committed%n", kill + 1, after, consumed,
                        EXPECTED);
                assertThat(consumed).as("killed mid-stream").isLessThan(EXPECTED);
                lastConsumed = consumed;
            }
            assertThat(lastConsumed).as("the killed monitors made progress").isPositive();
            Process last = start(command, KILLS);
            try {
                awaitConsumed(client, app, config, Duration.ofMinutes(10));
                Thread.sleep(5_000); // image lumisections close after their 2 s idle timeout
            } finally {
                last.destroy();
                last.waitFor(60, TimeUnit.SECONDS);
            }
            verify(client, config, bundle.subsystems().subsystems().size());
        }
    }

    /** 100,000 lumisections in runs of 1,000 (500 generated ones, renumbered) and 50 image lumisections. */
    private static void publish(Properties client, MonitorConfig config, ModelBundle bundle) {
        LumisectionGenerator generator = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(3));
        List<LumisectionFeatures> base = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            base.add(generator.next().record());
        }
        Random rng = new Random(4);
        try (KafkaProducer<byte[], byte[]> producer = TestClients.producer(client)) {
            for (int i = 0; i < LUMISECTIONS; i++) {
                LumisectionFeatures r = LumisectionGenerator.renumbered(base.get(i % base.size()), run(i), i % 1000 + 1);
                producer.send(new ProducerRecord<>(config.topics().lumisections(), key(r.getRun()), AvroRecords.encode(r)));
                if (i % (LUMISECTIONS / IMAGE_LUMISECTIONS) == 0) {
                    int ls = i / (LUMISECTIONS / IMAGE_LUMISECTIONS) + 1;
                    EventImages.particles(7, ls, EVENTS_PER_LUMISECTION, 0, rng).forEach(e -> producer.send(
                            new ProducerRecord<>(config.topics().images(), key(7), AvroRecords.encode(e))));
                }
            }
        }
    }

    private static int run(int i) {
        return 200_000 + i / 1000;
    }

    private static byte[] key(int run) {
        return Integer.toString(run).getBytes(StandardCharsets.UTF_8);
    }

    private Process start(List<String> command, int n) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("monitor-" + n + ".log").toFile()).start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Until the application's committed offsets cover every input record. */
    private static void awaitConsumed(Properties client, String app, MonitorConfig config, Duration atMost)
            throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        long consumed = 0;
        while (System.nanoTime() < deadline) {
            consumed = consumed(client, app, config);
            if (consumed >= EXPECTED) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the monitor consumed " + consumed + " of " + EXPECTED + " records in " + atMost);
    }

    /** Input records the application has committed as processed. */
    private static long consumed(Properties client, String app, MonitorConfig config) throws Exception {
        try (Admin admin = Admin.create(client)) {
            return admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().filter(e -> e.getValue() != null && (e.getKey().topic().equals(
                            config.topics().lumisections()) || e.getKey().topic().equals(config.topics().images())))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private static void verify(Properties client, MonitorConfig config, int subsystems) {
        var t = config.topics();
        Map<String, Integer> scores = new HashMap<>();
        Map<String, Integer> flags = new HashMap<>();
        Map<String, Integer> classifications = new HashMap<>();
        List<String> deadLetters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = TestClients.committedReader(client,
                List.of(t.scores(), t.flags(), t.imageClassifications(), t.deadLetter()))) {
            int idle = 0;
            while (idle < 10) {
                var records = reader.poll(Duration.ofMillis(500));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (var r : records) {
                    if (r.topic().equals(t.scores())) {
                        LumisectionScore s = LumisectionScore.getDecoder().decode(r.value());
                        scores.merge(s.getRun() + ":" + s.getLumisection(), 1, Integer::sum);
                    } else if (r.topic().equals(t.flags())) {
                        SubsystemFlag f = SubsystemFlag.getDecoder().decode(r.value());
                        flags.merge(f.getSource() + ":" + f.getSubsystem() + ":" + f.getRun() + ":" + f.getLumisection(),
                                1, Integer::sum);
                    } else if (r.topic().equals(t.imageClassifications())) {
                        ImageClassification c = ImageClassification.getDecoder().decode(r.value());
                        classifications.merge(c.getRun() + ":" + c.getLumisection() + ":" + c.getEvent(), 1,
                                Integer::sum);
                    } else {
                        DeadLetter d = DeadLetter.getDecoder().decode(r.value());
                        deadLetters.add(d.getReason() + ": " + d.getDetail());
                    }
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(deadLetters).as("clean input: no dead letters").isEmpty();
        assertThat(scores).as("one score per lumisection").hasSize(LUMISECTIONS);
        assertThat(scores.values()).as("no lumisection scored twice").containsOnly(1);
        assertThat(flags.values()).as("no flag twice").containsOnly(1);
        assertThat(flags.keySet().stream().filter(k -> k.startsWith("lumisection:")).count())
                .isEqualTo((long) LUMISECTIONS * subsystems);
        assertThat(flags.keySet().stream().filter(k -> k.startsWith("image:")).count())
                .as("one class-mix flag per image lumisection").isEqualTo(IMAGE_LUMISECTIONS);
        assertThat(classifications).hasSize(IMAGE_LUMISECTIONS * EVENTS_PER_LUMISECTION);
        assertThat(classifications.values()).containsOnly(1);
    }
}
