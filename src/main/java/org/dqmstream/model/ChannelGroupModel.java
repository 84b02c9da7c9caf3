package org.dqmstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trained autoencoder of one channel group with what scoring needs beside it: the standardization
 * of its inputs and the reconstruction error expected of good data, the reference of its score.
 */
public record ChannelGroupModel(String group, MultiLayerNetwork network, Standardization standardization,
                                ErrorReference reference) {

    /** Squared reconstruction error per input, in standard deviations squared. */
    public record Reconstruction(float[][] squaredErrors, double[] meanErrors) {
    }

    /** Reconstructs a batch of raw group inputs with one network call. */
    public Reconstruction reconstruct(float[][] rawInputs) {
        float[][] standardized = new float[rawInputs.length][];
        for (int r = 0; r < rawInputs.length; r++) {
            standardized[r] = standardization.apply(rawInputs[r]);
        }
        INDArray input = Nd4j.create(standardized);
        float[][] output;
        synchronized (network) {
            // A MultiLayerNetwork keeps per-call workspace state: one caller at a time.
            output = Rows.of(network.output(input, false));
        }
        float[][] errors = new float[rawInputs.length][];
        double[] means = new double[rawInputs.length];
        for (int r = 0; r < rawInputs.length; r++) {
            float[] e = new float[standardized[r].length];
            double sum = 0;
            for (int j = 0; j < e.length; j++) {
                float diff = output[r][j] - standardized[r][j];
                e[j] = diff * diff;
                sum += e[j];
            }
            errors[r] = e;
            means[r] = sum / e.length;
        }
        return new Reconstruction(errors, means);
    }

    /** log of the error over the error of good data at this luminosity (the physics seed's log E/E_mean). */
    public double score(double meanSquaredError, double luminosity) {
        return Math.log(Math.max(meanSquaredError, 1e-12) / reference.expected(luminosity));
    }
}
