package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParticleImageGeneratorTest {

    @Test
    void reproducesTheRealTypeImbalance() {
        List<ParticleImage> images = new ParticleImageGenerator(1, 100).take(200_000);
        Map<ParticleType, Integer> counts = new EnumMap<>(ParticleType.class);
        images.forEach(i -> counts.merge(i.type(), 1, Integer::sum));
        for (ParticleType t : ParticleType.values()) {
            assertThat(counts.get(t) / 200_000.0).as(t.name()).isCloseTo(t.realFraction(), within(0.004));
        }
        assertThat(counts.get(ParticleType.PION)).isGreaterThan(500 * counts.get(ParticleType.MUON));
    }

    @Test
    void imagesAreDiagonalTracksOfHitCounts() {
        List<ParticleImage> images = new ParticleImageGenerator(2, 50).take(5_000);
        double onDiagonal = 0, total = 0;
        for (ParticleImage image : images) {
            for (int r = 0; r < 10; r++) {
                for (int c = 0; c < 10; c++) {
                    int v = image.pixels()[r * 10 + c] & 0xff;
                    assertThat(v).isBetween(0, 12);
                    total += v;
                    onDiagonal += r == c ? v : 0;
                }
            }
        }
        assertThat(total / images.size()).as("hits per image, ~11.6 in the real set").isBetween(10.5, 13.0);
        assertThat(onDiagonal / total).isGreaterThan(0.9);
        assertThat(images.get(120).event()).isEqualTo(3);
    }
}
