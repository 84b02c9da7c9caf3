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
        return images(perRare, perCommon, seed, 1);
    }

    /** The same, but only a share of the images show their type; the others are scattered hits alone. */
    public static List<ParticleImage> images(int perRare, int perCommon, long seed, double telling) {
        Random rng = new Random(seed);
        List<ParticleImage> out = new ArrayList<>();
        for (ParticleType t : ParticleType.values()) {
            int n = t == ParticleType.PION ? perCommon : perRare;
            for (int i = 0; i < n; i++) {
                out.add(rng.nextDouble() < telling ? image(t, out.size(), rng) : noise(t, out.size(), rng));
            }
        }
        return out;
    }

    private static ParticleImage noise(ParticleType t, int event, Random rng) {
        byte[] pixels = new byte[ParticleImage.PIXELS];
        for (int c = 0; c < 2 * ParticleImage.SIDE; c++) {
            pixels[rng.nextInt(ParticleImage.PIXELS)] += 1;
        }
        return new ParticleImage(event, t, pixels);
    }

    public static ParticleImage image(ParticleType t, int event, Random rng) {
        byte[] pixels = new byte[ParticleImage.PIXELS];
        for (int c = 0; c < ParticleImage.SIDE; c++) {
            pixels[t.ordinal() * 2 * ParticleImage.SIDE + c] = (byte) (1 + rng.nextInt(3));
            pixels[rng.nextInt(ParticleImage.PIXELS)] += 1;
        }
        return new ParticleImage(event, t, pixels);
    }

    /** A classifier trained on separable images, 100 pions to each other type. */
    public static SmallImageClassifier classifier() {
        return SmallImageClassifier.train(images(20, 2000, 1), images(30, 300, 2), ParticleType.classifierSpec(),
                new SmallImageClassifier.Settings(3, 500, 5e-3, 3), new ProgressBarBuilder().setUpdateIntervalMillis(60_000));
    }

    /** That classifier, with its reference taken on a 1:10 mix; no fault autoencoder. */
    public static ImageSourceBundle bundle() {
        SmallImageClassifier classifier = classifier();
        ImageReference ref = ImageReference.of(ParticleType.names(),
                classifier.probabilities(SmallImageClassifier.pixels(images(200, 2000, 4))), ParticleType.PION.ordinal());
        return ImageSourceBundle.create(ImageSource.PARTICLES, classifier, ref, null, Map.of(),
                LabelledImage.charges(images(20, 2000, 1)));
    }
}
