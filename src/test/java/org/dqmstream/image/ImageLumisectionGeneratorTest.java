package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.records.EventImage;
import org.junit.jupiter.api.Test;

class ImageLumisectionGeneratorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static List<EventImage> next(ImageLumisectionGenerator g) {
        return g.next(NOW);
    }

    @Test
    void publishesWholeLumisectionsThatTheDecoderAccepts() throws Exception {
        ImageLumisectionGenerator g = new ImageLumisectionGenerator(
                new ImageLumisectionGenerator.Settings(ImageSource.NOVA, 20, 3, 0.0, 1));
        EventImageDecoder decoder = new EventImageDecoder(ImageLimits.covering(List.of(NovaEvent.SHAPE)), 1 << 20);
        int[][] expected = {{1, 1}, {1, 2}, {1, 3}, {2, 1}};
        for (int[] runLs : expected) {
            List<EventImage> events = next(g);
            assertThat(events).hasSize(20).allSatisfy(e -> {
                assertThat(e.getRun()).isEqualTo(runLs[0]);
                assertThat(e.getLumisection()).isEqualTo(runLs[1]);
                assertThat(e.getMetadata()).containsEntry(ImageLumisectionGenerator.INJECTED, "none")
                        .containsKeys("interaction", "nuenergy");
            });
            assertThat(events).extracting(EventImage::getEvent).containsExactly(
                    java.util.stream.LongStream.range(0, 20).boxed().toArray(Long[]::new));
            decoder.decode(AvroRecords.encode(events.get(0)));
        }
    }

    @Test
    void spoilsAboutTheConfiguredShareWithEveryKindAndSaysWhere() {
        ImageLumisectionGenerator g = new ImageLumisectionGenerator(
                new ImageLumisectionGenerator.Settings(ImageSource.PARTICLES, 10, 1000, 0.4, 2));
        Map<String, Integer> kinds = new HashMap<>();
        int spoilt = 0;
        for (int i = 0; i < 400; i++) {
            String injected = next(g).get(0).getMetadata().get(ImageLumisectionGenerator.INJECTED);
            if (!injected.equals("none")) {
                spoilt++;
                kinds.merge(injected.split(" ")[0], 1, Integer::sum);
            }
        }
        assertThat(spoilt).isBetween(130, 190);
        assertThat(kinds.keySet()).containsExactlyInAnyOrder("dead-plane", "hot-cell", "low-gain", "class-mix");
    }

    @Test
    void aHotCellReadsFullScaleInEveryEventAndAMixShiftBringsMuons() {
        ImageLumisectionGenerator g = new ImageLumisectionGenerator(
                new ImageLumisectionGenerator.Settings(ImageSource.PARTICLES, 200, 1000, 1.0, 3));
        boolean sawHot = false;
        boolean sawMix = false;
        for (int i = 0; i < 40 && !(sawHot && sawMix); i++) {
            List<EventImage> events = next(g);
            String injected = events.get(0).getMetadata().get(ImageLumisectionGenerator.INJECTED);
            if (injected.startsWith("hot-cell")) {
                String[] words = injected.split(" ");
                int plane = Integer.parseInt(words[3]);
                int cell = Integer.parseInt(words[5]);
                assertThat(events).allSatisfy(e -> assertThat(e.getPixels().get(plane * 10 + cell) & 0xff).isEqualTo(12));
                sawHot = true;
            } else if (injected.startsWith("class-mix")) {
                long muons = events.stream().filter(e -> e.getMetadata().get("pdg").equals("13")).count();
                assertThat(muons).as("30% muons against 0.1% in the natural mix").isBetween(35L, 90L);
                sawMix = true;
            }
        }
        assertThat(sawHot).isTrue();
        assertThat(sawMix).isTrue();
    }
}
