package org.dqmstream.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Particle images whose type is plain to see (hits in a row of the type's own), for tests of the
 * machinery around a classifier rather than of the physics, where real types are nearly indistinguishable.
 */
public final class SeparableParticles {
    private SeparableParticles() {
    }

    /** {@code perCommon} pions and {@code perRare} of each other type, in type order. */
    public static List<ParticleImage> images(int perRare, int perCommon, long seed) {
        Random rng = new Random(seed);
        List<ParticleImage> out = new ArrayList<>();
        for (ParticleType t : ParticleType.values()) {
            int n = t == ParticleType.PION ? perCommon : perRare;
            for (int i = 0; i < n; i++) {
                out.add(image(t, out.size(), rng));
            }
        }
        return out;
    }

    public static ParticleImage image(ParticleType t, int event, Random rng) {
        byte[] pixels = new byte[ParticleImage.PIXELS];
        for (int c = 0; c < ParticleImage.SIDE; c++) {
            pixels[t.ordinal() * 2 * ParticleImage.SIDE + c] = (byte) (1 + rng.nextInt(3));
            pixels[rng.nextInt(ParticleImage.PIXELS)] += 1;
        }
        return new ParticleImage(event, t, pixels);
    }

    /** A classifier trained on separable images, with its reference taken on a 1:10 mix; no fault autoencoder. */
    public static ImageSourceBundle bundle() {
        ParticleClassifier classifier = ParticleClassifier.train(images(20, 2000, 1), images(30, 300, 2),
                new ParticleClassifier.Settings(3, 500, 5e-3, 3), new ProgressBarBuilder().setUpdateIntervalMillis(60_000));
        List<ParticleImage> reference = images(200, 2000, 4);
        ImageReference ref = ImageReference.of(ParticleType.names(),
                classifier.probabilities(reference), ParticleType.PION.ordinal());
        return ImageSourceBundle.create(ImageSource.PARTICLES, classifier, ref, null, Map.of());
    }
}
