package org.dqmstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The trained autoencoder of one channel group with what scoring needs beside it: the standardization
 * of its inputs and the reconstruction error expected of good data, the reference of its score.
 */
public final class ChannelGroupModel {
    private final String group;
    private final MultiLayerNetwork network;
    private final Standardization standardization;
    private final ErrorReference reference;
    private final BatchInference inference;
    private final int inputs;

    /** Squared reconstruction error per input, in standard deviations squared. */
    public record Reconstruction(float[][] squaredErrors, double[] meanErrors) {
    }

    /** @param network a trained network: scoring uses a snapshot of its weights taken here */
    public ChannelGroupModel(String group, MultiLayerNetwork network, Standardization standardization,
                             ErrorReference reference) {
        this.group = group;
        this.network = network;
        this.standardization = standardization;
        this.reference = reference;
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
        }
        return new Reconstruction(errors, means);
    }

    /** log of the error over the error of good data at this luminosity (the physics seed's log E/E_mean). */
    public double score(double meanSquaredError, double luminosity) {
        return Math.log(Math.max(meanSquaredError, 1e-12) / reference.expected(luminosity));
    }
}
