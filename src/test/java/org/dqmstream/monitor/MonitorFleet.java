package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.certification.CertificationTopic;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.image.EventImages;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.ImageClassification;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.LumisectionScore;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.SubsystemFlag;

/**
 * Monitors as separate JVMs of one application on a real broker, the input they share, and an audit of
 * their committed outputs: what the crash and scale-out tests need.
 */
final class MonitorFleet {
    static final int EVENTS_PER_LUMISECTION = 100;

    private final Path dir;
    private final List<String> command;
    private final Properties client;
    private final MonitorConfig config;
    private final String application;
    private final List<Path> logs = new ArrayList<>();

    /** @param dir holds the saved bundles ({@code model}, {@code particles}), state directories and logs */
    MonitorFleet(Path dir, String bootstrap, String application) {
        this.dir = dir;
        this.application = application;
        this.config = MonitorConfig.defaults();
        this.client = config.clientProperties(bootstrap);
        this.command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), "org.dqmstream.cli.DqmStream", "run",
                "--bootstrap-servers", bootstrap, "--model", dir.resolve("model").toString(), "--no-generator",
                "--images", "particles", "-D", "images.particles.model-dir=" + dir.resolve("particles"),
                "-D", "images.lumisection-timeout-ms=4000", "-D", "kafka.application.id=" + application,
                "-D", "metrics.port=0", "-D", "console.interval-seconds=3600",
                "-D", "certification.emit-interval-seconds=1",
                // A killed member never says goodbye: let the group notice within seconds.
                "-D", "kafka.client.consumer.session.timeout.ms=6000");
    }

    Properties client() {
        return client;
    }

    MonitorConfig config() {
        return config;
    }

    /**
     * Starts one more monitor JVM, with its own state directory (as on its own host) and log file;
     * {@code settings} are extra {@code key=value} configuration.
     */
    Process start(String instance, String... settings) throws Exception {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("-D", "kafka.state.dir=" + dir.resolve("state-" + instance)));
        for (String setting : settings) {
            args.addAll(List.of("-D", setting));
        }
        Path log = dir.resolve("monitor-" + instance + "-" + logs.size() + ".log");
        logs.add(log);
        return new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The log of the monitor started last. */
    Path lastLog() {
        return logs.get(logs.size() - 1);
    }

    /** The warnings and errors the monitors logged, each log's first few: what a failed audit needs to be read. */
    private String problemsLogged() {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            try (var lines = Files.lines(log)) {
                List<String> problems = lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).limit(20)
                        .toList();
                out.append("\n").append(log.getFileName()).append(": ").append(problems.size())
                        .append(" warnings and errors (first 20)");
                problems.forEach(l -> out.append("\n  ").append(l));
            } catch (IOException | UncheckedIOException e) {
                out.append("\n").append(log.getFileName()).append(": unreadable, ").append(e);
            }
        }
        return out.toString();
    }

    /**
     * {@code lumisections} lumisections in runs of 1,000 (500 generated ones, renumbered), keyed by run,
     * and {@code imageLumisections} lumisections of separable particle images spread among them.
     */
    void publish(ModelBundle bundle, int lumisections, int imageLumisections) {
        LumisectionGenerator generator = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(3));
        List<LumisectionFeatures> base = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            base.add(generator.next().record());
        }
        Random rng = new Random(4);
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
            for (int i = 0; i < lumisections; i++) {
                LumisectionFeatures r = LumisectionGenerator.renumbered(base.get(i % base.size()), 200_000 + i / 1000,
                        i % 1000 + 1);
                producer.send(new ProducerRecord<>(config.topics().lumisections(), key(r.getRun()),
                        AvroRecords.encode(r)));
                if (i % (lumisections / imageLumisections) == 0) {
                    int ls = i / (lumisections / imageLumisections) + 1;
                    EventImages.particles(7, ls, EVENTS_PER_LUMISECTION, 0, rng).forEach(e -> producer.send(
                            new ProducerRecord<>(config.topics().images(), key(7), AvroRecords.encode(e))));
                }
            }
        }
    }

    private static byte[] key(int run) {
        return Integer.toString(run).getBytes(StandardCharsets.UTF_8);
    }

    /** Input records the application has committed as processed. */
    long consumed() throws Exception {
        try (Admin admin = Admin.create(client)) {
            return admin.listConsumerGroupOffsets(application).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().filter(e -> e.getValue() != null && (e.getKey().topic().equals(
                            config.topics().lumisections()) || e.getKey().topic().equals(config.topics().images())))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    /** Until the committed offsets cover {@code expected} input records. */
    void awaitConsumed(long expected, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .alias("the monitors to consume " + expected + " records").until(this::consumed, n -> n >= expected);
    }

    private static boolean complete(Map<String, Integer> scores, Map<String, Integer> flags,
                                    Map<String, Integer> classifications, int lumisections, int imageLumisections) {
        return scores.size() >= lumisections && classifications.size() >= imageLumisections * EVENTS_PER_LUMISECTION
                && flags.keySet().stream().filter(k -> k.startsWith("image:")).count() >= imageLumisections;
    }

    /**
     * Reads every committed output and checks: one score and one flag per subsystem for each lumisection,
     * one classification per image and one class-mix flag per image lumisection, no dead letters.
     */
    void auditExactlyOnce(int lumisections, int imageLumisections, int subsystems) {
        var t = config.topics();
        Map<String, Integer> scores = new HashMap<>();
        Map<String, Integer> flags = new HashMap<>();
        Map<String, Integer> classifications = new HashMap<>();
        List<String> deadLetters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = KafkaClients.committedReader(client,
                List.of(t.scores(), t.flags(), t.imageClassifications(), t.deadLetter()))) {
            // The last image lumisection closes on its idle timeout, a moment after the input is consumed:
            // read until everything expected has come and the topics are quiet, or a minute has passed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int idle = 0;
            while (idle < 10 || (!complete(scores, flags, classifications, lumisections, imageLumisections)
                    && System.nanoTime() < deadline)) {
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
        int certified = CertificationTopic.latest(client, t.runCertification()).values().stream()
                .mapToInt(RunCertification::getLumisections).sum();
        try {
            checkExactlyOnce(scores, flags, classifications, deadLetters, lumisections, imageLumisections, subsystems);
            assertThat(certified).as("every lumisection in its run's certification").isEqualTo(lumisections);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nMonitor logs:" + problemsLogged(), e);
        }
    }

    private static void checkExactlyOnce(Map<String, Integer> scores, Map<String, Integer> flags,
                                         Map<String, Integer> classifications, List<String> deadLetters,
                                         int lumisections, int imageLumisections, int subsystems) {
        assertThat(deadLetters).as("clean input: no dead letters").isEmpty();
        assertThat(scores).as("one score per lumisection").hasSize(lumisections);
        assertThat(scores.values()).as("no lumisection scored twice").containsOnly(1);
        assertThat(flags.values()).as("no flag twice").containsOnly(1);
        assertThat(flags.keySet().stream().filter(k -> k.startsWith("lumisection:")).count())
                .isEqualTo((long) lumisections * subsystems);
        assertThat(classifications.size()).as("one classification per image")
                .isEqualTo(imageLumisections * EVENTS_PER_LUMISECTION);
        assertThat(classifications.values()).as("no image classified twice").containsOnly(1);
        assertThat(flags.keySet().stream().filter(k -> k.startsWith("image:")).sorted().toList())
                .as("one class-mix flag per image lumisection").hasSize(imageLumisections);
    }
}
