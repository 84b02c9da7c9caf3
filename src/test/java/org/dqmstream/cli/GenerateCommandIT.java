package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.LumisectionFeatures;
import org.junit.jupiter.api.Test;

/** The generate command publishes decodable lumisections and event images to an existing cluster at its rates. */
class GenerateCommandIT {

    @Test
    void publishesGeneratedLumisectionsAndImagesAtTheRequestedRates() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            int exit = DqmStream.commandLine().execute("generate", "--bootstrap-servers", broker.bootstrapServers(),
                    "--rate", "40", "--images", "objects", "--image-rate", "100", "--duration", "3");
            assertThat(exit).isZero();

            MonitorConfig config = MonitorConfig.defaults();
            Properties client = config.clientProperties(broker.bootstrapServers());
            int count = 0;
            Map<String, Integer> eventsByLumisection = new TreeMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedReader(client,
                    List.of(config.topics().lumisections(), config.topics().images()))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                int idlePolls = 0;
                while (System.nanoTime() < deadline && (count == 0 || idlePolls < 4)) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    idlePolls = records.isEmpty() ? idlePolls + 1 : 0;
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.topic().equals(config.topics().images())) {
                            EventImage image = EventImage.getDecoder().decode(r.value());
                            assertThat(image.getSource()).isEqualTo("objects");
                            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(
                                    Integer.toString(image.getRun()));
                            eventsByLumisection.merge(image.getRun() + ":" + image.getLumisection(), 1, Integer::sum);
                            continue;
                        }
                        LumisectionFeatures f = LumisectionFeatures.getDecoder().decode(r.value());
                        assertThat(f.getLayoutId()).isEqualTo(FeatureLayout.standard().id());
                        count++;
                    }
                }
            }
            // 3 s at 40 per second: about 120, fewer if the producer started late.
            assertThat(count).isBetween(60, 125);
            // 3 s at 100 events per second in lumisections of 100: the first two complete, a third begun.
            int events = eventsByLumisection.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(events).isBetween(150, 310);
            assertThat(eventsByLumisection).containsEntry("1:1", 100).containsEntry("1:2", 100);
        }
    }
}
