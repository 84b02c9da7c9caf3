package org.dqmstream.image;

import java.util.List;

/** A classifier of one source's event images, as the image stream uses it. */
public interface ImageClassifier {
    /** Class names, in the order of {@link #probabilities}' columns. */
    List<String> classes();

    /** The class whose probability per-lumisection checks compare in shape (the signal, or the commonest). */
    int scoredClass();

    /** Class probabilities, one row per image given as pixels in the source's shape. */
    float[][] probabilities(float[][] pixels);
}
