package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.dqmstream.TestModels;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.image.ImageLumisectionGenerator;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.NovaFaultModel;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.metrics.MetricsText;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.LumisectionFeatures;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input in the corpus, each followed by a good record, through the monitor's topology:
 * each bad one becomes exactly one dead letter with its specific reason, counted in the metric, and the
 * stream goes on scoring the good ones. Nothing is dropped: inputs = scored + dead-lettered.
 */
class BadInputCorpusTest {
    private static final int MAX_BYTES = 1 << 20;

    @Test
    void everyKindOfBadInputIsDeadLetteredWithItsReasonAndTheStreamGoesOn() throws Exception {
        MonitorConfig config = MonitorConfig.defaults().with(Map.of("batch.max-records", "8",
                "images.sources", "nova", "input.max-record-bytes", Integer.toString(MAX_BYTES)));
        PrometheusRegistry registry = new PrometheusRegistry();
        var bundle = TestModels.bundle();
        LumisectionGenerator lumisections = new LumisectionGenerator(bundle.layout(),
                GeneratorSettings.defaults(21).withFaultFraction(0));
        ImageLumisectionGenerator images = new ImageLumisectionGenerator(
                new ImageLumisectionGenerator.Settings(ImageSource.NOVA, 1, 1000, 0, 21));
        LumisectionFeatures first = lumisections.next().record();
        EventImage firstImage = images.next(Instant.EPOCH).get(0);
        BadInputCorpus corpus = new BadInputCorpus(first, firstImage, MAX_BYTES);
        assertThat(corpus.cases()).hasSizeGreaterThan(80);
        assertThat(corpus.byReason().keySet()).containsAll(List.of(RejectionReason.values()).stream()
                .filter(r -> r != RejectionReason.SCORING_FAILED && r != RejectionReason.UNMATCHED_VERDICT).toList());

        try (TopologyFixture driver = new TopologyFixture(config, bundle, List.of(NovaFaultModel.bundle()), registry,
                "ttd-corpus")) {
            TestInputTopic<byte[], byte[]> lumisectionInput = driver.input(MonitorConfig.Topics::lumisections);
            TestInputTopic<byte[], byte[]> imageInput = driver.input(MonitorConfig.Topics::images);
            TestOutputTopic<byte[], byte[]> deadLetters = driver.output(MonitorConfig.Topics::deadLetter);
            TestOutputTopic<byte[], byte[]> scores = driver.output(MonitorConfig.Topics::scores);
            byte[] key = "146240".getBytes(StandardCharsets.UTF_8);

            lumisectionInput.pipeInput(key, AvroRecords.encode(first));
            imageInput.pipeInput(key, AvroRecords.encode(firstImage));
            int goodLumisections = 1;
            int goodImages = 1;
            for (BadInputCorpus.Case c : corpus.cases()) {
                if (c.input() == BadInputCorpus.Input.LUMISECTION) {
                    lumisectionInput.pipeInput(key, c.value());
                    lumisectionInput.pipeInput(key, AvroRecords.encode(lumisections.next().record()));
                    goodLumisections++;
                } else {
                    imageInput.pipeInput(key, c.value());
                    for (EventImage e : images.next(Instant.EPOCH)) {
                        imageInput.pipeInput(key, AvroRecords.encode(e));
                        goodImages++;
                    }
                }
                var letters = deadLetters.readValuesToList();
                assertThat(letters).as(c.name()).hasSize(1);
                DeadLetter letter = DeadLetter.getDecoder().decode(letters.get(0));
                assertThat(letter.getReason()).as(c.name() + ": " + letter.getDetail()).isEqualTo(c.reason().name());
                assertThat(letter.getDetail()).as(c.name()).isNotBlank();
            }
            driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
            assertThat(scores.readValuesToList()).as("every good lumisection between the bad ones is scored")
                    .hasSize(goodLumisections);
            String metrics = MetricsText.scrape(registry);
            long lumisectionCases = corpus.cases().stream().filter(c -> c.input() == BadInputCorpus.Input.LUMISECTION)
                    .count();
            assertThat(MetricsText.sum(metrics, "dqm_records_dead_lettered_total", "source=\"lumisection\""))
                    .isEqualTo((double) lumisectionCases);
            assertThat(MetricsText.sum(metrics, "dqm_records_dead_lettered_total", "source=\"image\""))
                    .isEqualTo((double) (corpus.cases().size() - lumisectionCases));
            assertThat(MetricsText.sum(metrics, "dqm_records_scored_total", "source=\"lumisection\""))
                    .isEqualTo((double) goodLumisections);
            assertThat(MetricsText.sum(metrics, "dqm_records_scored_total", "source=\"image\""))
                    .isEqualTo((double) goodImages);
        }
    }
}
