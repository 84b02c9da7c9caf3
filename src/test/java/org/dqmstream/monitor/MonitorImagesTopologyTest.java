package org.dqmstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.dqmstream.TestModels;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.EventImages;
import org.dqmstream.image.ImageFault;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.NovaEventGenerator;
import org.dqmstream.image.NovaFaultModel;
import org.dqmstream.image.RepeatedEvents;
import org.dqmstream.image.SeparableParticles;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.ImageClassification;
import org.dqmstream.records.PixelEncoding;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MonitorImagesTopologyTest {
    private static final ImageSourceBundle PARTICLES = SeparableParticles.bundle();
    private static final ImageSourceBundle NOVA = NovaFaultModel.bundle();
    private final MonitorConfig config = MonitorConfig.defaults().with(Map.of("batch.max-records", "64",
            "images.min-events", "50", "images.lumisection-timeout-ms", "30000", "images.sources", "particles,nova",
            "images.particles.subsystem", "Tracker"));
    private final Random rng = new Random(5);
    private TopologyFixture driver;
    private TestInputTopic<byte[], byte[]> images;
    private TestOutputTopic<byte[], byte[]> classifications;
    private TestOutputTopic<byte[], byte[]> flags;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        driver = new TopologyFixture(config, TestModels.bundle(), List.of(PARTICLES, NOVA), new PrometheusRegistry(),
                "ttd-images");
        images = driver.input(MonitorConfig.Topics::images);
        classifications = driver.output(MonitorConfig.Topics::imageClassifications);
        flags = driver.output(MonitorConfig.Topics::flags);
        deadLetters = driver.output(MonitorConfig.Topics::deadLetter);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** Publishes {@code n} images of one lumisection; {@code muonShare} of them muons, the rest in the reference mix. */
    private void lumisection(int ls, int n, double muonShare) {
        EventImages.particles(146_300, ls, n, muonShare, rng).forEach(r ->
                images.pipeInput("146300".getBytes(StandardCharsets.UTF_8), AvroRecords.encode(r)));
    }

    @Test
    void eachCompletedLumisectionGetsAnImageFlagAndAShiftedMixIsBad() throws Exception {
        lumisection(1, 300, 0);
        lumisection(2, 300, 0.3);
        lumisection(3, 20, 0);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(classifications.getQueueSize()).isEqualTo(620);

        Map<Integer, SubsystemFlag> before = read(flags);
        assertThat(before.keySet()).as("1 and 2 closed by the next lumisection; 3 still open").containsExactly(1, 2);
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        assertThat(read(flags)).as("one long stall of the stream thread is not 30 s of silence").isEmpty();
        for (int check = 0; check < 5; check++) {
            driver.advanceWallClockTime(Duration.ofSeconds(8));
        }
        Map<Integer, SubsystemFlag> after = read(flags);
        assertThat(after.keySet()).as("3 closed when idle").containsExactly(3);

        assertThat(before.get(1).getLevel()).isEqualTo(FlagLevel.GOOD);
        assertThat(before.get(1).getSubsystem()).isEqualTo("Tracker");
        assertThat(before.get(1).getSource()).isEqualTo("image");
        assertThat(before.get(2).getLevel()).isEqualTo(FlagLevel.BAD);
        assertThat(before.get(2).getReason()).contains("300 events").contains("MUON");
        assertThat(after.get(3).getLevel()).isEqualTo(FlagLevel.GOOD);
        assertThat(after.get(3).getReason()).contains("20 events, fewer than the 50 needed");

        ImageClassification c = ImageClassification.getDecoder().decode(classifications.readValue());
        assertThat(c.getModelVersion()).isEqualTo(PARTICLES.version());
        assertThat(c.getProbabilities()).containsOnlyKeys("ELECTRON", "MUON", "PION", "KAON", "PROTON");
        assertThat(c.getPredictedClass()).isEqualTo("PION");
    }

    @Test
    void aNovaLumisectionWhoseEventsRepeatIsBadForStaleReadoutWhileRepeatedParticleImagesAreNot() {
        NovaEventGenerator generator = new NovaEventGenerator(31);
        novaLumisection(1, 100, null, generator);
        List<EventImage> live = EventImages.nova(146_400, 2, 100, null, generator);
        List<EventImage> stuck = new java.util.ArrayList<>(live);
        for (int i = 0; i < 60; i++) { // the same buffer sent again under new event numbers
            stuck.add(EventImage.newBuilder(live.get(i % 20)).setEvent(10_000 + i).build());
        }
        stuck.forEach(r -> images.pipeInput("146400".getBytes(StandardCharsets.UTF_8), AvroRecords.encode(r)));
        novaLumisection(3, 100, null, generator);
        List<EventImage> particles = EventImages.particles(146_300, 1, 100, 0, rng);
        for (int i = 0; i < 60; i++) { // sparse hit-count images repeat in real data too
            particles.add(EventImage.newBuilder(particles.get(i % 20)).setEvent(10_000 + i).build());
        }
        particles.forEach(r -> images.pipeInput("146300".getBytes(StandardCharsets.UTF_8), AvroRecords.encode(r)));
        lumisection(2, 100, 0);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<SubsystemFlag> flagged = readAll(flags);
        Map<Integer, SubsystemFlag> nova = flagged.stream().filter(f -> f.getRun() == 146_400)
                .collect(Collectors.toMap(SubsystemFlag::getLumisection, f -> f));
        assertThat(nova.get(1).getLevel()).isEqualTo(FlagLevel.GOOD);
        assertThat(nova.get(1).getDetector()).isNotEqualTo(RepeatedEvents.DETECTOR);
        assertThat(nova.get(2).getLevel()).isEqualTo(FlagLevel.BAD);
        assertThat(nova.get(2).getDetector()).isEqualTo(RepeatedEvents.DETECTOR);
        assertThat(nova.get(2).getReason())
                .isEqualTo("NovaDetector BAD: nova readout stale: 60 of 160 events repeat an earlier event of this "
                        + "lumisection pixel for pixel");
        assertThat(flagged).filteredOn(f -> f.getRun() == 146_300 && f.getLumisection() == 1).singleElement()
                .as("judged by its class mix (which the copies skew), not as stale readout").satisfies(f -> {
                    assertThat(f.getDetector()).isNotEqualTo(RepeatedEvents.DETECTOR);
                    assertThat(f.getReason()).doesNotContain("readout stale");
                });
    }

    @Test
    void imageFlagsCarryTheKafkaTimeOfTheirLastEventNotTheDetectorTime() throws Exception {
        // Events of long ago (detector time 1970) published now, as in a backfill: a flag stamped with the
        // detector time would be past the flags topic's retention the moment it is written.
        Instant published = Instant.parse("2026-11-23T10:00:00Z");
        List<EventImage> events = new ArrayList<>(EventImages.particles(146_300, 1, 60, 0, rng));
        events.addAll(EventImages.particles(146_300, 2, 1, 0, rng));
        for (int i = 0; i < events.size(); i++) {
            images.pipeInput("146300".getBytes(StandardCharsets.UTF_8), AvroRecords.encode(events.get(i)),
                    published.plusMillis(i));
        }
        driver.advanceWallClockTime(Duration.ofMillis(100));
        TestRecord<byte[], byte[]> flag = flags.readRecord();
        SubsystemFlag decoded = SubsystemFlag.getDecoder().decode(flag.value());
        assertThat(decoded.getLumisection()).isEqualTo(1);
        assertThat(flag.getRecordTime()).as("Kafka time of lumisection 1's last event").isEqualTo(published.plusMillis(59));
        assertThat(decoded.getTimestamp()).as("detector time of its first event").isEqualTo(events.get(0).getTimestamp());
    }

    @Test
    void aLumisectionStaysOpenWhileItsTaskWorksThroughEarlierInputAndClosesOnceQuiet() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        for (EventImage e : EventImages.particles(146_300, 1, 60, 0, rng)) {
            images.pipeInput("146300".getBytes(StandardCharsets.UTF_8), AvroRecords.encode(e), t0);
        }
        driver.advanceWallClockTime(Duration.ofMillis(100));
        // Lumisection records published before the images, read after them: the task is busy, not idle.
        TestInputTopic<byte[], byte[]> lumisections = driver.input(MonitorConfig.Topics::lumisections);
        var generator = new LumisectionGenerator(TestModels.bundle().layout(), GeneratorSettings.defaults(8));
        for (int i = 0; i < 8; i++) {
            lumisections.pipeInput("1".getBytes(StandardCharsets.UTF_8), AvroRecords.encode(generator.next().record()),
                    t0.minusSeconds(60 - i));
            driver.advanceWallClockTime(Duration.ofSeconds(8));
        }
        assertThat(imageFlagLumisections()).as("busy for 64 s with earlier input: lumisection 1 still open")
                .isEmpty();
        for (int check = 0; check < 5; check++) {
            driver.advanceWallClockTime(Duration.ofSeconds(8));
        }
        assertThat(imageFlagLumisections()).as("then quiet for 30 s").containsExactly(1);
    }

    /** Publishes {@code n} NOvA events of one lumisection of run 146400, each with {@code fault} if not null. */
    private void novaLumisection(int ls, int n, ImageFault.Injection fault, NovaEventGenerator generator) {
        EventImages.nova(146_400, ls, n, fault, generator).forEach(r ->
                images.pipeInput("146400".getBytes(StandardCharsets.UTF_8), AvroRecords.encode(r)));
    }

    @Test
    void novaLumisectionsWithDetectorFaultsAreFlaggedWithViewAndSignature() {
        NovaEventGenerator generator = new NovaEventGenerator(31);
        novaLumisection(1, 100, null, generator);
        novaLumisection(2, 100, new ImageFault.Injection(ImageFault.DEAD_PLANE, 0, 37, 0, 1), generator);
        novaLumisection(3, 100, new ImageFault.Injection(ImageFault.LOW_GAIN, 1, 0, 0, 0.4f), generator);
        novaLumisection(4, 1, null, generator);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        Map<Integer, SubsystemFlag> flagged = read(flags);
        assertThat(flagged.keySet()).containsExactly(1, 2, 3);
        assertThat(flagged.values()).allSatisfy(f -> {
            assertThat(f.getSubsystem()).isEqualTo("NovaDetector");
            assertThat(f.getSource()).isEqualTo("image-faults");
            assertThat(f.getModelVersion()).isEqualTo(NOVA.version());
        });
        assertThat(flagged.get(1).getLevel()).isEqualTo(FlagLevel.GOOD);
        assertThat(flagged.get(2).getLevel()).isEqualTo(FlagLevel.BAD);
        assertThat(flagged.get(2).getReason()).contains("x-z view: dead-plane signature at plane 37");
        assertThat(flagged.get(3).getLevel()).isNotEqualTo(FlagLevel.GOOD);
        assertThat(flagged.get(3).getReason()).contains("y-z view: low-gain signature");
        assertThat(classifications.isEmpty()).as("the NOvA bundle has no classifier").isTrue();
    }

    @Test
    void imagesNoModelCanTakeAreDeadLettered() throws Exception {
        EventImage wrongShape = new EventImage(146_300, 1, 1L, Instant.EPOCH, "nova", 1, 10, 10, PixelEncoding.UINT8,
                ByteBuffer.wrap(new byte[100]), Map.of());
        EventImage unknownSource = new EventImage(146_300, 1, 1L, Instant.EPOCH, "calorimeter", 1, 10, 10,
                PixelEncoding.UINT8, ByteBuffer.wrap(new byte[100]), Map.of());
        images.pipeInput("k".getBytes(), AvroRecords.encode(wrongShape));
        images.pipeInput("k".getBytes(), AvroRecords.encode(unknownSource));
        images.pipeInput("k".getBytes(), "not an image".getBytes());
        List<DeadLetter> dead = deadLetters.readValuesToList().stream().map(v -> {
            try {
                return DeadLetter.getDecoder().decode(v);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(dead).extracting(DeadLetter::getReason).containsExactly("SHAPE_OUT_OF_RANGE", "UNKNOWN_SOURCE",
                "UNDECODABLE");
        assertThat(dead).allSatisfy(d -> assertThat(d.getSourceTopic()).isEqualTo(config.topics().images()));
        assertThat(classifications.isEmpty()).isTrue();
    }

    private List<Integer> imageFlagLumisections() throws Exception {
        List<Integer> out = new ArrayList<>();
        for (byte[] v : flags.readValuesToList()) {
            SubsystemFlag f = SubsystemFlag.getDecoder().decode(v);
            if (f.getSource().equals("image")) {
                out.add(f.getLumisection());
            }
        }
        return out;
    }

    private static Map<Integer, SubsystemFlag> read(TestOutputTopic<byte[], byte[]> topic) {
        return readAll(topic).stream().collect(Collectors.toMap(SubsystemFlag::getLumisection, f -> f));
    }

    private static List<SubsystemFlag> readAll(TestOutputTopic<byte[], byte[]> topic) {
        return topic.readValuesToList().stream().map(v -> {
            try {
                return SubsystemFlag.getDecoder().decode(v);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }
}
