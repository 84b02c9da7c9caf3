package org.dqmstream.image;

import java.util.Arrays;
import java.util.List;

/**
 * The class mix a classifier will meet in deployment. A classifier trained on class-balanced samples
 * outputs posteriors under equal priors: on the natural mix it over-predicts rare classes. Bayes' rule
 * moves them to the deployment mix: p'(k|x) is proportional to p(k|x) * share(k) / trainingShare(k), and
 * with equal training shares the denominator cancels.
 *
 * @param shares the deployment share of each class, in class order, positive and summing to 1
 */
public record ClassPriors(double[] shares) {
    public ClassPriors {
        if (Arrays.stream(shares).anyMatch(s -> !(s > 0)) || Math.abs(Arrays.stream(shares).sum() - 1) > 1e-6) {
            throw new IllegalArgumentException("class shares must be positive and sum to 1, got " + Arrays.toString(shares));
        }
    }

    /** The class mix of labelled data; a class absent there keeps half an image, so no posterior becomes 0. */
    public static ClassPriors of(List<? extends LabelledImage> images, int classes) {
        double[] counts = new double[classes];
        images.forEach(i -> counts[i.label()]++);
        double total = images.size() + 0.5 * Arrays.stream(counts).filter(c -> c == 0).count();
        return new ClassPriors(Arrays.stream(counts).map(c -> Math.max(c, 0.5) / total).toArray());
    }

    /** Posteriors under equal priors, moved to these; a new array per row. */
    public float[][] correct(float[][] balanced) {
        float[][] out = new float[balanced.length][];
        for (int i = 0; i < balanced.length; i++) {
            if (balanced[i].length != shares.length) {
                throw new IllegalArgumentException(balanced[i].length + " probabilities for " + shares.length + " classes");
            }
            out[i] = new float[shares.length];
            double sum = 0;
            for (int k = 0; k < shares.length; k++) {
                sum += balanced[i][k] * shares[k];
            }
            for (int k = 0; k < shares.length; k++) {
                out[i][k] = (float) (balanced[i][k] * shares[k] / sum);
            }
        }
        return out;
    }
}
