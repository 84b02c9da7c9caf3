package org.dqmstream.image;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.PixelEncoding;

/** Event-image records of one lumisection, as a detector would publish them, for stream tests. */
public final class EventImages {
    private EventImages() {
    }

    /**
     * {@code n} separable particle images; {@code muonShare} of them muons, the rest in the reference mix of
     * {@link SeparableParticles#bundle()} (mostly pions).
     */
    public static List<EventImage> particles(int run, int lumisection, int n, double muonShare, Random rng) {
        List<EventImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ParticleType type = rng.nextDouble() < muonShare ? ParticleType.MUON
                    : rng.nextDouble() < 2000.0 / 2800 ? ParticleType.PION
                    : ParticleType.values()[new int[] {0, 1, 3, 4}[rng.nextInt(4)]];
            ParticleImage image = SeparableParticles.image(type, i, rng);
            out.add(new EventImage(run, lumisection, (long) i, Instant.ofEpochSecond(lumisection * 23L), "particles", 1,
                    10, 10, PixelEncoding.UINT8, ByteBuffer.wrap(image.pixels()), Map.of("pdg", Integer.toString(type.pdg()))));
        }
        return out;
    }

    /** {@code n} generated NOvA events, each with {@code fault} injected when it is not null. */
    public static List<EventImage> nova(int run, int lumisection, int n, ImageFault.Injection fault,
                                        NovaEventGenerator generator) {
        List<EventImage> out = new ArrayList<>(n);
        for (NovaEvent e : generator.take(n)) {
            float[] charges = e.charges();
            if (fault != null) {
                fault.apply(charges, NovaEvent.SHAPE, 255);
            }
            byte[] pixels = new byte[charges.length];
            for (int j = 0; j < pixels.length; j++) {
                pixels[j] = (byte) charges[j];
            }
            out.add(new EventImage(run, lumisection, (long) out.size(), Instant.ofEpochSecond(lumisection * 23L), "nova",
                    2, 100, 80, PixelEncoding.UINT8, ByteBuffer.wrap(pixels), Map.of()));
        }
        return out;
    }
}
