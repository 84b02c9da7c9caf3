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

    /** The most probable class of one row of probabilities. */
    static int argmax(float[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }
}
