package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.dqmstream.TestModels;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratedLumisection;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.LumisectionScore;
import org.junit.jupiter.api.Test;

/**
 * Records waiting for their batch live in a changelogged store: a monitor that stops with records
 * buffered hands them to its successor, which scores each exactly once.
 */
class BatchBufferRestartIT {

    @Test
    void bufferedRecordsAreScoredOnceByTheNextInstance() throws Exception {
        ModelBundle bundle = TestModels.bundle();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String app = "restart-it-" + UUID.randomUUID();
            // A batch that never fills and a wait that never ends: everything stays buffered.
            MonitorConfig holding = MonitorConfig.defaults().with(Map.of("metrics.port", "0",
                    "kafka.application.id", app, "batch.max-records", "1000", "batch.max-wait-ms", "60000",
                    // Streams members do not leave the group on close: let the broker notice sooner.
                    "kafka.client.consumer.session.timeout.ms", "6000"));
            Properties client = holding.clientProperties(broker.bootstrapServers());
            TopicSetup.ensure(client, holding.topics().all(), 1);
            List<GeneratedLumisection> records = new LumisectionGenerator(bundle.layout(),
                    GeneratorSettings.defaults(5)).take(25);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (GeneratedLumisection g : records) {
                    producer.send(new ProducerRecord<>(holding.topics().lumisections(),
                            "r".getBytes(StandardCharsets.UTF_8), AvroRecords.encode(g.record())));
                }
            }
            try (Monitor first = Monitor.start(holding, bundle, broker.bootstrapServers());
                 KafkaConsumer<byte[], byte[]> scores = KafkaClients.committedReader(client, List.of(holding.topics().scores()))) {
                // Long enough for the input offsets and the buffer changelog to commit several times.
                List<LumisectionScore> seen = poll(scores, Duration.ofSeconds(8), Integer.MAX_VALUE);
                assertThat(seen).as("nothing scored while the batch is open").isEmpty();
            }

            MonitorConfig flushing = holding.with(Map.of("batch.max-wait-ms", "50"));
            try (Monitor second = Monitor.start(flushing, bundle, broker.bootstrapServers());
                 KafkaConsumer<byte[], byte[]> scores = KafkaClients.committedReader(client, List.of(flushing.topics().scores()))) {
                List<LumisectionScore> seen = poll(scores, Duration.ofSeconds(60), records.size());
                seen.addAll(poll(scores, Duration.ofSeconds(3), Integer.MAX_VALUE));
                assertThat(seen).extracting(LumisectionScore::getLumisection).containsExactlyElementsOf(
                        records.stream().map(g -> g.record().getLumisection()).toList());
            }
        }
    }

    private static List<LumisectionScore> poll(KafkaConsumer<byte[], byte[]> consumer, Duration atMost, int enough)
            throws Exception {
        List<LumisectionScore> out = new ArrayList<>();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (out.size() < enough && System.nanoTime() < deadline) {
            for (var r : consumer.poll(Duration.ofMillis(200))) {
                out.add(LumisectionScore.getDecoder().decode(r.value()));
            }
        }
        return out;
    }
}
