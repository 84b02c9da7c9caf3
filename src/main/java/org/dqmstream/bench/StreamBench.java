package org.dqmstream.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.monitor.Monitor;
import org.dqmstream.monitor.TopicSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rates and delays of whole streams on a real broker: a pass-through topology that only copies the
 * input's bytes (the ceiling the broker and Kafka Streams set), the full monitor on the same bytes, and
 * the monitor's record-to-output delay at a live-like rate. Rates are steady-state: counted from the
 * application's first committed input offset to its last, so start-up and rebalancing stay out.
 */
public final class StreamBench {
    private static final Logger log = LoggerFactory.getLogger(StreamBench.class);
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final MonitorConfig base;
    private final String bootstrap;
    private final Properties client;

    public StreamBench(MonitorConfig base, String bootstrap) {
        this.base = base;
        this.bootstrap = bootstrap;
        this.client = base.clientProperties(bootstrap);
    }

    /**
     * Records per second and megabytes per second of one steady-state run.
     *
     * @param cpuSeconds     CPU time of this whole process (broker, stream, clients) over the same interval
     * @param scoringSeconds time the monitor spent inside batch scoring over the whole run (0 for pass-through)
     * @param meanBatch      mean records per scored batch (0 for pass-through)
     */
    public record Rate(long records, double seconds, double bytesPerRecord, double cpuSeconds, double scoringSeconds,
                       double meanBatch) {
        public double perSecond() {
            return records / seconds;
        }

        /** With the embedded broker, the machine's work per record: what sets the rate when all cores are busy. */
        public double cpuMicrosPerRecord() {
            return cpuSeconds / records * 1e6;
        }

        public double coresBusy() {
            return cpuSeconds / seconds;
        }

        public double megabytesPerSecond() {
            return perSecond() * bytesPerRecord / 1e6;
        }
    }

    /** Delay percentiles in milliseconds from a record's timestamp to its output's commit, seen by a reader. */
    public record Delay(int outputs, double p50, double p99, double max) {
    }

    /** Writes records 0..count-1 of {@code values}, with their {@code keys}, to a fresh topic. */
    public String fill(String name, IntFunction<byte[]> values, IntFunction<byte[]> keys, int count) throws Exception {
        String topic = "bench." + name + "-" + UUID.randomUUID();
        TopicSetup.ensure(client, List.of(topic), base.topics().partitions());
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
            for (int i = 0; i < count && failure.get() == null; i++) {
                producer.send(new ProducerRecord<>(topic, keys.apply(i), values.apply(i)), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
        }
        // A lost record would leave the measurement waiting for input that never comes.
        if (failure.get() != null) {
            throw new IOException("filling " + topic + " with " + count + " records failed: " + failure.get(),
                    failure.get());
        }
        return topic;
    }

    /** Copies the input to another topic with the monitor's Streams settings and exactly-once. */
    public Rate passThrough(String input, int count, double bytesPerRecord) throws Exception {
        String output = input + "-copy";
        TopicSetup.ensure(client, List.of(output), base.topics().partitions());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input).to(output);
        return run("bench-pass-through-", builder, input, count, bytesPerRecord);
    }

    /**
     * The cost of the monitor's output contract alone: each input record becomes one lumisection's
     * outputs (its score record and one flag per subsystem), given here already encoded, so nothing is
     * decoded, scored or encoded. No implementation that writes these records can be faster on this
     * broker with these settings.
     */
    public Rate outputsOnly(String input, int count, double bytesPerRecord, byte[] score, List<byte[]> flags)
            throws Exception {
        String scores = input + "-scores";
        String flagTopic = input + "-flags";
        TopicSetup.ensure(client, List.of(scores, flagTopic), base.topics().partitions());
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> in = builder.stream(input);
        in.mapValues(v -> score).to(scores);
        in.flatMapValues(v -> flags).to(flagTopic);
        return run("bench-outputs-only-", builder, input, count, bytesPerRecord);
    }

    private Rate run(String applicationPrefix, StreamsBuilder builder, String input, int count, double bytesPerRecord)
            throws Exception {
        String application = applicationPrefix + UUID.randomUUID();
        Path state = Files.createTempDirectory("dqm-bench-state-");
        Properties props = base.with(Map.of("kafka.application.id", application)).streamsProperties(bootstrap, state);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            return awaitConsumed(application, input, count, bytesPerRecord);
        } finally {
            FileUtils.deleteQuietly(state.toFile());
        }
    }

    /** The full monitor, reading {@code input} as its lumisection or image topic. */
    public Rate monitor(Map<String, String> overrides, ModelBundle bundle, String input, int count,
                        double bytesPerRecord) throws Exception {
        String application = "bench-monitor-" + UUID.randomUUID();
        MonitorConfig cfg = monitorConfig(overrides, application);
        TopicSetup.ensure(client, cfg.topics().all(), cfg.topics().partitions());
        try (Monitor monitor = Monitor.start(cfg, bundle, bootstrap)) {
            Rate rate = awaitConsumed(application, input, count, bytesPerRecord);
            Map<String, Double> m = scrape(monitor.metricsPort());
            Map<String, Double> deadLettered = new TreeMap<>(m);
            deadLettered.entrySet().removeIf(e -> !e.getKey().startsWith("dqm_records_dead_lettered_total")
                    || e.getValue() == 0);
            if (!deadLettered.isEmpty()) {
                // The bench's input is valid and unique: a rejection means the rate is not a scoring rate.
                throw new IllegalStateException(application + " dead-lettered bench records: " + deadLettered);
            }
            String source = input.equals(cfg.topics().images()) ? "image" : "lumisection";
            String suffix = "{source=\"" + source + "\"}";
            double batches = m.getOrDefault("dqm_scoring_batch_records_count" + suffix, 0.0);
            return new Rate(rate.records(), rate.seconds(), bytesPerRecord, rate.cpuSeconds(),
                    m.getOrDefault("dqm_scoring_duration_seconds_sum" + suffix, 0.0),
                    batches == 0 ? 0 : m.getOrDefault("dqm_scoring_batch_records_sum" + suffix, 0.0) / batches);
        }
    }

    /** The monitor's own metrics, as Prometheus would read them: series name with labels to value. */
    private static Map<String, Double> scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Double> out = new HashMap<>();
        for (String line : response.body().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                try {
                    out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException ignored) {
                    // Not a sample line.
                }
            }
        }
        return out;
    }

    /**
     * Publishes lumisections at {@code ratePerSecond} for {@code seconds}, stamped with the sending time,
     * and measures when each one's score becomes visible to a {@code read_committed} reader.
     */
    public Delay liveDelay(Map<String, String> overrides, ModelBundle bundle, IntFunction<byte[]> values,
                           double ratePerSecond, int seconds) throws Exception {
        String application = "bench-live-" + UUID.randomUUID();
        String input = "bench.live-" + UUID.randomUUID();
        Map<String, String> all = new HashMap<>(overrides);
        all.put("topics.lumisections", input);
        all.put("topics.scores", input + "-scores");
        MonitorConfig cfg = monitorConfig(all, application);
        TopicSetup.ensure(client, cfg.topics().all(), cfg.topics().partitions());
        List<Double> delays = new ArrayList<>();
        try (Monitor ignored = Monitor.start(cfg, bundle, bootstrap);
             KafkaConsumer<byte[], byte[]> reader = KafkaClients.committedReader(client, List.of(cfg.topics().scores()));
             KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
            // Wait until the monitor owns its partitions, so the delays are not start-up.
            awaitAssignment(application);
            long start = System.nanoTime();
            int total = (int) (ratePerSecond * seconds);
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / ratePerSecond);
                while (System.nanoTime() < due) {
                    drain(reader, delays, Duration.ofMillis(1));
                }
                producer.send(new ProducerRecord<>(input, null, System.currentTimeMillis(),
                        Integer.toString(i / 100).getBytes(StandardCharsets.UTF_8), values.apply(i)));
                producer.flush();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (delays.size() < total && System.nanoTime() < deadline) {
                drain(reader, delays, Duration.ofMillis(100));
            }
        }
        double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalStateException("no scores came out in the live run");
        }
        return new Delay(sorted.length, percentile(sorted, 0.5), percentile(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private MonitorConfig monitorConfig(Map<String, String> overrides, String application) {
        Map<String, String> all = new HashMap<>(overrides);
        all.put("kafka.application.id", application);
        all.put("metrics.port", "0");
        return base.with(all);
    }

    private static void drain(KafkaConsumer<byte[], byte[]> reader, List<Double> delays, Duration wait) {
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(wait)) {
            delays.add((double) (System.currentTimeMillis() - r.timestamp()));
        }
    }

    static double percentile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /**
     * Polls the application's committed offsets on {@code topic} until they cover {@code count} records.
     * The rate runs from the first commit that shows progress to the last.
     */
    private Rate awaitConsumed(String application, String topic, int count, double bytesPerRecord) throws Exception {
        try (Admin admin = Admin.create(client)) {
            long firstCount = -1;
            long firstAt = 0;
            long firstCpu = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (System.nanoTime() < deadline) {
                long consumed = committed(admin, application, topic);
                long now = System.nanoTime();
                if (consumed > 0 && firstCount < 0) {
                    firstCount = consumed;
                    firstAt = now;
                    firstCpu = PROCESS.getProcessCpuTime();
                }
                if (consumed >= count) {
                    if (consumed == firstCount) {
                        throw new IllegalStateException("all records went in the first commit: use more records");
                    }
                    return new Rate(consumed - firstCount, (now - firstAt) / 1e9, bytesPerRecord,
                            (PROCESS.getProcessCpuTime() - firstCpu) / 1e9, 0, 0);
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException(application + " did not consume " + count + " records in 10 minutes");
        }
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private void awaitAssignment(String application) throws Exception {
        try (Admin admin = Admin.create(client)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                var group = admin.describeConsumerGroups(List.of(application)).all().get(30, TimeUnit.SECONDS)
                        .get(application);
                if (group.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    Thread.sleep(1000);
                    return;
                }
                Thread.sleep(100);
            }
        }
        log.warn("{} had no partitions after 60 s; measuring anyway", application);
    }
}
