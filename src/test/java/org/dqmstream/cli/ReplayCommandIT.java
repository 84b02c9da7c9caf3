package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.dqmstream.broker.EmbeddedKafkaBroker;
import org.dqmstream.broker.KafkaClients;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.NovaEvent;
import org.dqmstream.image.NovaEventGenerator;
import org.dqmstream.image.NovaFile;
import org.dqmstream.lumisection.FeatureTable;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.replay.ReplaySources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'generate --table' writes labelled lumisection tables (CSV and HDF5) and 'replay' publishes them, and a
 * NOvA HDF5 file, to the real broker: every row and event arrives once, decodable, with its numbering and
 * truth.
 */
class ReplayCommandIT {
    @TempDir
    Path dir;

    @Test
    void replaysLumisectionTablesAndANovaFileRecordForRecord() throws Exception {
        List<Path> tables = List.of(dir.resolve("lumisections.csv"), dir.resolve("lumisections.h5"));
        List<LumisectionFeatures> rows = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            assertThat(DqmStream.commandLine().execute("generate", "--table", tables.get(i).toString(),
                    "--lumisections", "60", "-D", "generator.seed=" + (i + 1))).isZero();
            try (FeatureTable table = FeatureTable.open(tables.get(i))) {
                table.forEachRemaining(r -> rows.add(r.record()));
            }
        }
        Path nova = dir.resolve("events.h5");
        List<NovaEvent> events = new NovaEventGenerator(7).take(25);
        NovaFile.write(nova, events);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            for (Path table : tables) {
                assertThat(DqmStream.commandLine().execute("replay", "lumisections", table.toString(),
                        "--bootstrap-servers", bootstrap, "--rate", "2000")).isZero();
            }
            assertThat(DqmStream.commandLine().execute("replay", "images", "--source", "nova", nova.toString(),
                    "--bootstrap-servers", bootstrap, "--rate", "2000", "--run", "42",
                    "--events-per-lumisection", "10")).isZero();

            MonitorConfig config = MonitorConfig.defaults();
            List<LumisectionFeatures> replayed = new ArrayList<>();
            List<EventImage> images = new ArrayList<>();
            read(config.clientProperties(bootstrap), config, rows.size() + events.size(), r -> {
                if (r.topic().equals(config.topics().lumisections())) {
                    replayed.add(LumisectionFeatures.getDecoder().decode(r.value()));
                } else {
                    images.add(EventImage.getDecoder().decode(r.value()));
                }
            });
            assertThat(replayed).as("every row once").hasSize(rows.size()).containsExactlyInAnyOrderElementsOf(rows);
            assertThat(images).hasSize(events.size());
            assertThat(images).extracting(EventImage::getLumisection).containsExactly(
                    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3);
            assertThat(images).allSatisfy(i -> {
                assertThat(i.getRun()).isEqualTo(42);
                assertThat(i.getSource()).isEqualTo("nova");
                assertThat(i.getMetadata()).containsKeys("interaction", "nuenergy")
                        .containsEntry(ReplaySources.REPLAYED_FROM, "events.h5");
            });
            for (int i = 0; i < events.size(); i++) {
                assertThat(images.get(i).getPixels().array()).as("event %d", i).isEqualTo(events.get(i).pixels());
            }
        }
    }

    private interface Sink {
        void accept(ConsumerRecord<byte[], byte[]> r) throws Exception;
    }

    private static void read(Properties client, MonitorConfig config, int expected, Sink sink) throws Exception {
        int seen = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedReader(client,
                List.of(config.topics().lumisections(), config.topics().images()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int idle = 0;
            while ((seen < expected || idle < 3) && System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                idle = records.isEmpty() ? idle + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    sink.accept(r);
                    seen++;
                }
            }
        }
    }
}
