package org.dqmstream.image;

import java.util.List;

/**
 * A training or test image of any source with its true class. Images of one collision event are
 * correlated, so data splits go by {@link #event()}; sources without events give each image its own.
 */
public interface LabelledImage {
    int event();

    /** Index of the true class in the classifier's class list. */
    int label();

    /** Pixel readings in the source's shape, views and rows in order. */
    float[] charges();

    /** The images' pixel readings, in order. */
    static List<float[]> charges(List<? extends LabelledImage> images) {
        return images.stream().map(LabelledImage::charges).toList();
    }

    static LabelledImage of(int event, int label, float[] charges) {
        return new Plain(event, label, charges);
    }

    record Plain(int event, int label, float[] charges) implements LabelledImage {
    }
}
