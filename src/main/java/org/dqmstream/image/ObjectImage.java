package org.dqmstream.image;

import java.util.List;
import java.util.stream.IntStream;

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

    /** The classes of a set of cut-outs: their labels, sorted. */
    public static List<String> classes(List<ObjectImage> images) {
        return images.stream().map(ObjectImage::label).distinct().sorted().toList();
    }

    /** Each cut-out as a classifier's image of {@code classes}, numbered as its own event in order. */
    public static List<LabelledImage> labelled(List<ObjectImage> images, List<String> classes) {
        return IntStream.range(0, images.size()).mapToObj(i -> images.get(i).labelled(i, classes)).toList();
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
