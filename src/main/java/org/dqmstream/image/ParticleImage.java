package org.dqmstream.image;

/**
 * One 10x10 particle-track image: hit counts per cell, row-major.
 *
 * @param event the collision event it came from: images of one event are correlated, so data splits go by event
 */
public record ParticleImage(int event, ParticleType type, byte[] pixels) implements LabelledImage {
    public static final int SIDE = 10;
    public static final int PIXELS = SIDE * SIDE;

    public ParticleImage {
        if (pixels.length != PIXELS) {
            throw new IllegalArgumentException("a particle image has " + PIXELS + " pixels, got " + pixels.length);
        }
    }

    @Override
    public int label() {
        return type.ordinal();
    }

    /** Hit counts as floats. */
    @Override
    public float[] charges() {
        return Pixels.unsigned(pixels);
    }
}
