package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.records.LumisectionFeatures;
import org.junit.jupiter.api.Test;

/** The generate command publishes decodable lumisection records to an existing cluster at its rate. */
class GenerateCommandIT {

    @Test
    void publishesGeneratedLumisectionsAtTheRequestedRate() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            int exit = DqmStream.commandLine().execute("generate", "--bootstrap-servers", broker.bootstrapServers(),
                    "--rate", "40", "--duration", "3");
            assertThat(exit).isZero();

            MonitorConfig config = MonitorConfig.defaults();
            Properties p = config.clientProperties(broker.bootstrapServers());
            p.put("group.id", "generate-it-" + UUID.randomUUID());
            p.put("auto.offset.reset", "earliest");
            int count = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(config.topics().lumisections()));
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                int idlePolls = 0;
                while (System.nanoTime() < deadline && (count == 0 || idlePolls < 4)) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    idlePolls = records.isEmpty() ? idlePolls + 1 : 0;
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        LumisectionFeatures f = LumisectionFeatures.getDecoder().decode(r.value());
                        assertThat(f.getLayoutId()).isEqualTo(FeatureLayout.standard().id());
                        count++;
                    }
                }
            }
            // 3 s at 40 per second: about 120, fewer if the producer started late.
            assertThat(count).isBetween(60, 125);
        }
    }
}
