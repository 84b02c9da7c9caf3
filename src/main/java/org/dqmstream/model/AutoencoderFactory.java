package org.dqmstream.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The channel-group autoencoder of Borisyak et al. (arXiv:1711.07051): input -> 150 -> 20 (sigmoid code) -> 150 -> input
 * (identity), narrowed for small groups so the code stays a bottleneck.
 */
public final class AutoencoderFactory {
    static final int HIDDEN = 150;
    static final int CODE = 20;

    private AutoencoderFactory() {
    }

    public static MultiLayerNetwork create(int inputs, double learningRate, long seed) {
        return create(inputs, Math.min(HIDDEN, 2 * inputs), Math.min(CODE, Math.max(2, inputs / 4)),
                Activation.IDENTITY, learningRate, seed);
    }

    /** The same shape with any widths; a sigmoid output suits inputs scaled to [0, 1], like image pixels. */
    public static MultiLayerNetwork create(int inputs, int hidden, int code, Activation output, double learningRate,
                                           long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .l2(1e-5)
                .list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(hidden).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(hidden).nOut(code).activation(Activation.SIGMOID).build())
                .layer(new DenseLayer.Builder().nIn(code).nOut(hidden).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(hidden).nOut(inputs)
                        .activation(output).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
