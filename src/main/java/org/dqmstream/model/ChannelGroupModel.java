package org.dqmstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained autoencoder of one channel group with what scoring needs beside it: the standardization
 * of its inputs and the reconstruction error expected of good data, the reference of its score. The
 * score sees both the mean squared error over the group's features and the mean of its
 * {@link #TOP_FEATURES} largest: a fault in a few dozen of a group's hundreds of features barely moves
 * the mean (it is diluted), while a shifter would see it at once in those few.
 */
public final class ChannelGroupModel {
    private final String group;
    private final MultiLayerNetwork network;
    private final Standardization standardization;
    /** How many of a group's largest squared errors its undiluted score averages. */
    public static final int TOP_FEATURES = 10;

    private final ErrorReference reference;
    private final ErrorReference topReference;
    private final BatchInference inference;
    private final int inputs;

    /**
     * Squared reconstruction error per input, in standard deviations squared; per record their mean, and
     * the mean of the {@link #TOP_FEATURES} largest.
     */
    public record Reconstruction(float[][] squaredErrors, double[] meanErrors, double[] topErrors) {
    }

    /**
     * @param network      a trained network: scoring uses a snapshot of its weights taken here
     * @param topReference the reference of the largest errors' mean; null in bundles made without it, whose
     *                     score is the mean error's alone
     */
    public ChannelGroupModel(String group, MultiLayerNetwork network, Standardization standardization,
                             ErrorReference reference, ErrorReference topReference) {
        this.group = group;
        this.network = network;
        this.standardization = standardization;
        this.reference = reference;
        this.topReference = topReference;
        this.inference = BatchInference.of(network);
        this.inputs = (int) network.layerInputSize(0);
    }

    public String group() {
        return group;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public Standardization standardization() {
        return standardization;
    }

    public ErrorReference reference() {
        return reference;
    }

    public ErrorReference topReference() {
        return topReference;
    }

    /** Reconstructs a batch of raw group inputs with one pass through the network. */
    public Reconstruction reconstruct(float[][] rawInputs) {
        float[] rows = new float[rawInputs.length * inputs];
        for (int r = 0; r < rawInputs.length; r++) {
            System.arraycopy(rawInputs[r], 0, rows, r * inputs, inputs);
        }
        return reconstructInPlace(rows, rawInputs.length);
    }

    /**
     * The same for a batch of raw inputs given as consecutive rows, which are standardized in place: the
     * scorer's path, on rows it builds for this call. The only arrays of the batch's size allocated here
     * are the errors returned: each such array costs more to allocate (zeroing, cache misses) than the
     * loops over it.
     */
    public Reconstruction reconstructInPlace(float[] rows, int records) {
        standardization.applyInPlace(rows);
        float[][] errors = new float[records][inputs];
        double[] means = new double[records];
        double[] tops = new double[records];
        float[] largest = new float[Math.min(TOP_FEATURES, inputs)];
        inference.output(rows, records, errors);
        // Through a row that starts at 0, so that the arrays of the loop share one index and the JIT vectorizes it.
        float[] expected = new float[inputs];
        for (int r = 0; r < records; r++) {
            float[] e = errors[r];
            System.arraycopy(rows, r * inputs, expected, 0, inputs);
            for (int j = 0; j < inputs; j++) {
                float diff = e[j] - expected[j];
                e[j] = diff * diff;
            }
            means[r] = Rows.sum(e) / inputs;
            tops[r] = meanOfLargest(e, largest);
        }
        return new Reconstruction(errors, means, tops);
    }

    /** The mean of the largest values of {@code e}, as many as {@code largest} holds (its scratch space). */
    private static double meanOfLargest(float[] e, float[] largest) {
        java.util.Arrays.fill(largest, -1f);
        int last = largest.length - 1;
        for (float x : e) {
            if (x > largest[last]) {
                int at = last;
                while (at > 0 && largest[at - 1] < x) {
                    largest[at] = largest[at - 1];
                    at--;
                }
                largest[at] = x;
            }
        }
        double sum = 0;
        for (float x : largest) {
            sum += x;
        }
        return sum / largest.length;
    }

    /**
     * log of the error over the error of good data at this luminosity (log E/E_mean of Borisyak et al.),
     * or of the largest errors' mean over theirs, whichever is higher.
     */
    public double score(double meanSquaredError, double topSquaredError, double luminosity) {
        double mean = Math.log(Math.max(meanSquaredError, 1e-12) / reference.expected(luminosity));
        return topReference == null ? mean
                : Math.max(mean, Math.log(Math.max(topSquaredError, 1e-12) / topReference.expected(luminosity)));
    }
}
