package org.dqmstream.image;

import java.util.Random;

/**
 * Detector faults that spoil event images without changing what the events are, so a classifier cannot
 * see them: they last for a whole lumisection, so every event of it carries the same fault.
 */
public enum ImageFault {
    /** One plane (image row) of one view reads nothing. */
    DEAD_PLANE("dead-plane"),
    /** One cell of one view reads full scale in every event. */
    HOT_CELL("hot-cell"),
    /** One view reads at a fraction of its gain. */
    LOW_GAIN("low-gain");

    private final String signature;

    ImageFault(String signature) {
        this.signature = signature;
    }

    /** How reasons name the fault's signature. */
    public String signature() {
        return signature;
    }

    /** This fault at one place, drawn at random within the shape, as the generator injects it. */
    public Injection at(ImageShape shape, Random rng) {
        int view = rng.nextInt(shape.views());
        // Keep away from the edges, where events deposit little and a dead plane would be nearly invisible.
        int row = shape.height() / 5 + rng.nextInt(Math.max(1, shape.height() * 3 / 5));
        int column = shape.width() / 5 + rng.nextInt(Math.max(1, shape.width() * 3 / 5));
        return new Injection(this, view, row, column, 0.4f);
    }

    /** A fault at a fixed place: the view, the dead row, the hot cell, the gain factor of a low-gain view. */
    public record Injection(ImageFault fault, int view, int row, int column, float gain) {
        /** Applies the fault to one event's pixels in place; {@code fullScale} is a hot cell's reading. */
        public void apply(float[] pixels, ImageShape shape, float fullScale) {
            switch (fault) {
                case DEAD_PLANE -> {
                    for (int c = 0; c < shape.width(); c++) {
                        pixels[shape.index(view, row, c)] = 0;
                    }
                }
                case HOT_CELL -> pixels[shape.index(view, row, column)] = fullScale;
                case LOW_GAIN -> {
                    int from = shape.index(view, 0, 0);
                    for (int i = from; i < from + shape.height() * shape.width(); i++) {
                        pixels[i] = Math.round(pixels[i] * gain);
                    }
                }
            }
        }
    }
}
