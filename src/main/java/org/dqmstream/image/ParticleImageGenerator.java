package org.dqmstream.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * Draws 10x10 track images shaped like the real Cirta ones: hits along the diagonal (one cell per
 * detector layer, most in the first layer), a little scatter beside it, and per-type hit rates that
 * differ only slightly, as they do in the real data. Types come in the real imbalance.
 */
public final class ParticleImageGenerator {
    /** Mean hits per layer, read off the real images. */
    private static final double[] LAYER_HITS = {2.84, 1.45, 1.27, 0.90, 0.76, 0.59, 0.44, 0.67, 0.44, 1.25};
    private static final double SCATTER = 0.07;
    private static final int MAX_HITS = 12;

    private final Random rng;
    private final JDKRandomGenerator poissonSource;
    private final int imagesPerEvent;

    public ParticleImageGenerator(long seed, int imagesPerEvent) {
        this.rng = new Random(seed);
        this.poissonSource = new JDKRandomGenerator((int) seed);
        this.imagesPerEvent = imagesPerEvent;
    }

    /** Images in the real class mix, numbered into events of {@code imagesPerEvent}. */
    public List<ParticleImage> take(int count) {
        List<ParticleImage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(draw(i / imagesPerEvent + 1, drawType()));
        }
        return out;
    }

    public ParticleImage draw(int event, ParticleType type) {
        byte[] pixels = new byte[ParticleImage.PIXELS];
        double rate = switch (type) {
            case ELECTRON, MUON -> 1.04;
            case PION, KAON -> 1.0;
            case PROTON -> 0.95;
        };
        for (int layer = 0; layer < ParticleImage.SIDE; layer++) {
            add(pixels, layer, layer, poisson(LAYER_HITS[layer] * rate));
            if (layer + 1 < ParticleImage.SIDE) {
                add(pixels, layer, layer + 1, poisson(SCATTER * (type == ParticleType.ELECTRON ? 1.4 : 1.0)));
                add(pixels, layer + 1, layer, poisson(SCATTER / 2));
            }
        }
        return new ParticleImage(event, type, pixels);
    }

    private ParticleType drawType() {
        double u = rng.nextDouble();
        for (ParticleType t : ParticleType.values()) {
            u -= t.realFraction();
            if (u < 0) {
                return t;
            }
        }
        return ParticleType.PION;
    }

    private int poisson(double mean) {
        return new PoissonDistribution(poissonSource, mean, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    private static void add(byte[] pixels, int row, int column, int hits) {
        int i = row * ParticleImage.SIDE + column;
        pixels[i] = (byte) Math.min(MAX_HITS, pixels[i] + hits);
    }
}
