package org.dqmstream.image;

import java.util.Arrays;
import java.util.List;

/**
 * What a healthy lumisection of one image source looks like to its classifier: the share of events
 * predicted as each class, and a sample of classifier scores. Taken from held-out good data at training
 * and saved with the classifier.
 *
 * @param classFractions share of events predicted as each class, in class order, summing to 1
 * @param scoreSample classifier scores (probability of the reference class) of held-out events
 */
public record ImageReference(List<String> classes, double[] classFractions, double[] scoreSample) {
    public ImageReference {
        if (classes.size() != classFractions.length) {
            throw new IllegalArgumentException(classes.size() + " classes but " + classFractions.length + " fractions");
        }
        double sum = Arrays.stream(classFractions).sum();
        if (Math.abs(sum - 1) > 1e-6 || Arrays.stream(classFractions).anyMatch(f -> f <= 0)) {
            throw new IllegalArgumentException("class fractions must be positive and sum to 1, got "
                    + Arrays.toString(classFractions));
        }
        if (scoreSample.length < 20) {
            throw new IllegalArgumentException("a reference score sample needs at least 20 scores");
        }
    }

    /** Builds the reference from classifier probabilities of held-out events; scores are of class {@code scored}. */
    public static ImageReference of(List<String> classes, float[][] probabilities, int scored) {
        double[] counts = new double[classes.size()];
        double[] scores = new double[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            counts[ImageClassifier.argmax(probabilities[i])]++;
            scores[i] = probabilities[i][scored];
        }
        double[] fractions = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            // A class never predicted on held-out data still gets a tiny share, so chi-square stays defined.
            fractions[k] = (counts[k] + 0.5) / (probabilities.length + 0.5 * counts.length);
        }
        return new ImageReference(List.copyOf(classes), fractions, scores);
    }
}
