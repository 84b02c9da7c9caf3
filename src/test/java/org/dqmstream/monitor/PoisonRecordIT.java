package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.metrics.MetricsText;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.LumisectionScore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records that once stalled a partition for good, on a real broker: a record at every size boundary (the
 * input limit, the producer limit, the topic limit), a lumisection re-sent under other keys, trailing
 * bytes. Every input ends scored or dead-lettered, no stream thread dies, and the partitions keep moving.
 * And when a record does keep failing its task (here: a dead-letter topic shrunk under the monitor), the
 * monitor stops naming it instead of retrying forever.
 */
class PoisonRecordIT {
    private static final ModelBundle BUNDLE = TestModels.bundle();
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static MonitorConfig config(Map<String, String> more) {
        String id = "poison-it-" + UUID.randomUUID();
        Map<String, String> settings = new HashMap<>(Map.of("metrics.port", "0", "kafka.application.id", id,
                "batch.max-records", "16", "stream.stall-seconds", "5"));
        for (String topic : List.of("lumisections", "lumisections-by-run", "scores", "flags", "dead-letter",
                "flag-verdicts", "run-certification")) {
            settings.put("topics." + topic, id + "." + topic); // each test its own topics on the shared broker
        }
        settings.putAll(more);
        return MonitorConfig.defaults().with(settings);
    }

    /** One bad input: its value and key, and the reason it must be dead-lettered with. */
    private record Bad(String name, byte[] key, byte[] value, String reason) {
    }

    @Test
    void recordsAtEverySizeBoundaryAndResentLumisectionsEndAsOneOutputEachWithoutStallingAnything()
            throws Exception {
        MonitorConfig config = config(Map.of());
        Properties client = config.clientProperties(broker.bootstrapServers());
        TopicSetup.ensure(client, config.topics().all(), 3);
        List<LumisectionFeatures> good = new LumisectionGenerator(BUNDLE.layout(),
                GeneratorSettings.defaults(91).withFaultFraction(0)).take(60).stream().map(g -> g.record()).toList();
        int maxIn = config.maxRecordBytes();
        int maxOut = config.output().maxRecordBytes();
        byte[] key = "b".getBytes(StandardCharsets.UTF_8);
        byte[] trailing = append(AvroRecords.encode(good.get(1)), 7); // first: AvroRecords trusts the record classes
        List<Bad> bad = new ArrayList<>(List.of(
                new Bad("just under the input limit", key, random(maxIn - key.length - 1), "UNDECODABLE"),
                new Bad("at the input limit", key, random(maxIn - key.length), "UNDECODABLE"),
                new Bad("just over the input limit", key, random(maxIn - key.length + 1), "OVERSIZED"),
                new Bad("just under the producer limit", key, random(maxOut - 1), "OVERSIZED"),
                new Bad("just over the producer limit", key, random(maxOut + 1), "OVERSIZED"),
                new Bad("just under the topic limit", key, random(TopicSetup.CREATED_TOPIC_MAX_MESSAGE_BYTES - 512),
                        "OVERSIZED"),
                new Bad("a large key and a value at the limit", random(4096), random(maxIn - 4096), "UNDECODABLE"),
                new Bad("262,000 features, under the input limit", key, AvroRecords.encode(
                        LumisectionFeatures.newBuilder(good.get(0)).setFeatureCount(262_000).setFeatures(
                                java.nio.ByteBuffer.allocate(262_000 * 4)).build()), "LENGTH_MISMATCH"),
                new Bad("trailing bytes", key, trailing, "UNDECODABLE"),
                new Bad("a lumisection re-sent under another key", "another key".getBytes(StandardCharsets.UTF_8),
                        AvroRecords.encode(good.get(2)), "DUPLICATE"),
                new Bad("a lumisection re-sent with no key", null, AvroRecords.encode(good.get(3)), "DUPLICATE")));
        assertThat(bad.get(7).value().length).as("the many-feature record is under the input limit")
                .isLessThan(maxIn);

        Map<LumisectionId, Integer> scores = new HashMap<>();
        Map<String, DeadLetter> letters = new HashMap<>();
        String metrics;
        HttpResponse<String> ready;
        try (Monitor monitor = Monitor.start(config, BUNDLE, broker.bootstrapServers());
             KafkaProducer<byte[], byte[]> producer = bigRecordProducer(client);
             KafkaConsumer<byte[], byte[]> reader = KafkaClients.committedReader(client,
                     List.of(config.topics().scores(), config.topics().deadLetter()))) {
            String input = config.topics().lumisections();
            Map<String, String> badByOrigin = new HashMap<>();
            List<Bad> resent = bad.stream().filter(b -> b.reason().equals("DUPLICATE")).toList();
            List<Bad> sentFirst = bad.stream().filter(b -> !b.reason().equals("DUPLICATE")).toList();
            for (int i = 0; i < 40; i++) {
                LumisectionFeatures r = good.get(i);
                producer.send(new ProducerRecord<>(input, 0, RunKeys.key(r.getRun()),
                        AvroRecords.encode(r))).get();
                if (i >= 5 && i - 5 < sentFirst.size()) {
                    Bad b = sentFirst.get(i - 5);
                    var sent = producer.send(new ProducerRecord<>(input, 0, b.key(), b.value())).get();
                    badByOrigin.put(sent.partition() + "@" + sent.offset(), b.name());
                }
            }
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(input, 0, key,
                    random(TopicSetup.CREATED_TOPIC_MAX_MESSAGE_BYTES + 1))).get())
                    .as("over the topic limit the broker refuses it: it never reaches the monitor")
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);
            Runnable take = () -> reader.poll(Duration.ofMillis(500)).forEach(r -> {
                if (r.topic().equals(config.topics().scores())) {
                    LumisectionScore score = decode(LumisectionScore.getDecoder(), r.value());
                    scores.merge(new LumisectionId(score.getRun(), score.getLumisection()), 1, Integer::sum);
                } else {
                    DeadLetter d = decode(DeadLetter.getDecoder(), r.value());
                    assertThat(letters.put(badByOrigin.get(d.getPartition() + "@" + d.getOffset()), d))
                            .as("one letter per input").isNull();
                }
            });
            await().atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO).pollInterval(Duration.ZERO)
                    .until(() -> {
                        take.run();
                        return scores.size() == 40 && letters.size() == sentFirst.size();
                    });
            // Re-sent once their originals are scored, on the other partitions: only the by-run routing can
            // bring them to the task that saw the originals.
            for (int i = 0; i < resent.size(); i++) {
                Bad b = resent.get(i);
                var sent = producer.send(new ProducerRecord<>(input, 1 + i, b.key(), b.value())).get();
                badByOrigin.put(sent.partition() + "@" + sent.offset(), b.name());
            }
            for (LumisectionFeatures r : good.subList(40, good.size())) {
                producer.send(new ProducerRecord<>(input, null, AvroRecords.encode(r))).get();
            }
            await().atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO).pollInterval(Duration.ZERO)
                    .until(() -> {
                        take.run();
                        return scores.size() == good.size() && letters.size() == bad.size();
                    });
            reader.poll(Duration.ofSeconds(2)).forEach(r -> {
                throw new AssertionError("unexpected extra output on " + r.topic());
            });
            metrics = MetricsText.scrape("http://127.0.0.1:" + monitor.metricsPort() + "/metrics");
            ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + monitor.metricsPort() + HealthEndpoint.READY)).build(), HttpResponse.BodyHandlers.ofString());
        }

        assertThat(scores).as("every good lumisection scored once").hasSize(good.size());
        assertThat(scores.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        for (Bad b : bad) {
            DeadLetter d = letters.get(b.name());
            assertThat(d).as(b.name()).isNotNull();
            assertThat(d.getReason()).as(b.name() + ": " + d.getDetail()).isEqualTo(b.reason());
            assertThat(d.getPayloadSize()).as(b.name()).isEqualTo(b.value().length);
            boolean whole = (b.key() == null ? 0 : b.key().length) + b.value().length <= maxIn;
            assertThat(d.getPayloadTruncated()).as(b.name()).isEqualTo(!whole);
            assertThat(d.getPayload().remaining()).as(b.name())
                    .isEqualTo(whole ? b.value().length : DeadLetters.KEPT_PREFIX_BYTES);
        }
        assertThat(MetricsText.value(metrics, "dqm_stream_thread_failures_total")).isZero();
        assertThat(MetricsText.value(metrics, "dqm_stream_state{state=\"RUNNING\"}")).isEqualTo(1.0);
        assertThat(MetricsText.sum(metrics, "dqm_records_dead_lettered_total", "source=\"lumisection\""))
                .isEqualTo((double) bad.size());
        assertThat(MetricsText.sum(metrics, "dqm_input_partition_stalled", "topic")).isZero();
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }

    @Test
    void aRecordThatKeepsFailingItsTaskStopsTheMonitorWithAnErrorNamingIt() throws Exception {
        // Short sessions: each replaced stream thread rejoins its group without waiting out the default 45 s.
        MonitorConfig config = config(Map.of("stream.record-failure-limit", "2",
                "kafka.client.session.timeout.ms", "6000", "kafka.client.heartbeat.interval.ms", "1000"));
        Properties client = config.clientProperties(broker.bootstrapServers());
        TopicSetup.ensure(client, config.topics().all(), 1);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Monitor monitor = Monitor.start(config, BUNDLE, broker.bootstrapServers(), stopped::countDown);
             Admin admin = Admin.create(client);
             KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(client)) {
            // An operator shrinks the dead-letter topic under the running monitor: the next dead letter is refused.
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    config.topics().deadLetter()), List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes",
                    "2000"), AlterConfigOp.OpType.SET)))).all().get();
            long offset = producer.send(new ProducerRecord<>(config.topics().lumisections(), 0, null,
                    random(10_000))).get().offset();

            assertThat(stopped.await(3, TimeUnit.MINUTES)).as("the monitor stopped itself").isTrue();
            assertThat(monitor.fatalError()).hasValueSatisfying(message -> assertThat(message)
                    .contains(config.topics().lumisections() + "-0@" + offset).contains("2 times")
                    .contains("(RecordTooLargeException: "));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(monitor.state().hasCompletedShutdown()
                    || monitor.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR).isTrue());
            HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + monitor.metricsPort() + HealthEndpoint.LIVE)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(live.body()).contains("-0@" + offset);
            // The record still waits and the committed offset stays: the partition shows as stalled.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(monitor.problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("input partition " + config.topics().lumisections() + "-0 (offset " + offset));
                assertThat(MetricsText.value(MetricsText.scrape("http://127.0.0.1:" + monitor.metricsPort()
                        + "/metrics"), "dqm_input_partition_stalled{partition=\"0\",topic=\""
                        + config.topics().lumisections() + "\"}")).isEqualTo(1.0);
            });
        }
        assertThatThrownBy(() -> Monitor.start(config, BUNDLE, broker.bootstrapServers()))
                .as("a monitor is not started on a topic its dead letters would not fit")
                .hasMessageContaining("topic " + config.topics().deadLetter() + " takes records of at most 2000 bytes")
                .hasMessageContaining("output.max-record-bytes");
    }

    private static <T> T decode(org.apache.avro.message.MessageDecoder<T> decoder, byte[] value) {
        try {
            return decoder.decode(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KafkaProducer<byte[], byte[]> bigRecordProducer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("max.request.size", Integer.toString(16 << 20));
        return KafkaClients.producer(p);
    }

    private static byte[] random(int size) {
        byte[] out = new byte[size];
        new Random(size).nextBytes(out);
        return out;
    }

    private static byte[] append(byte[] value, int extra) {
        return java.util.Arrays.copyOf(value, value.length + extra);
    }
}
