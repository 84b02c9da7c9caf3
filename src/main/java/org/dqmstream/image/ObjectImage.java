package org.dqmstream.image;

import java.util.List;

/**
 * One object cut-out (a microscope or camera image of any size), as grey levels resized to
 * {@link #SIDE} x {@link #SIDE}, with its label.
 */
public record ObjectImage(String name, String label, byte[] pixels) {
    public static final int SIDE = 32;

    public ObjectImage {
        if (pixels.length != SIDE * SIDE) {
            throw new IllegalArgumentException("an object image has " + SIDE * SIDE + " pixels, got " + pixels.length);
        }
    }

    public float[] charges() {
        return Pixels.unsigned(pixels);
    }

    /** As a classifier's training image; each cut-out is its own event. */
    public LabelledImage labelled(int event, List<String> classes) {
        int label = classes.indexOf(this.label);
        if (label < 0) {
            throw new IllegalArgumentException(name + ": label '" + this.label + "' is none of " + classes);
        }
        return LabelledImage.of(event, label, charges());
    }
}
