package org.dqmstream.image;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A particle-type CNN built as Keras builds them (channels-last images, a 3x3 convolution, a softmax),
 * trained here on separable images: what a physicist's Keras model stands for in the import tests.
 */
public final class KerasParticleCnn {
    /** Pixel readings are divided by this, as the native particle classifier's are. */
    static final float SCALE = 4f;

    private KerasParticleCnn() {
    }

    public static MultiLayerNetwork trained(List<ParticleImage> training) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .updater(new Adam(5e-3)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU)
                        .dataFormat(CNN2DFormat.NHWC).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(ParticleType.values().length)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(ParticleImage.SIDE, ParticleImage.SIDE, 1, CNN2DFormat.NHWC))
                .build());
        net.init();
        DataSet data = new DataSet(images(training), SmallImageClassifier.oneHot(training, ParticleType.values().length));
        for (int epoch = 0; epoch < 30; epoch++) {
            net.fit(data);
        }
        return net;
    }

    /** The images as the network takes them: [n, 10, 10, 1], scaled. */
    public static INDArray images(List<ParticleImage> images) {
        return Nd4j.create(SmallImageClassifier.pixels(images)).div(SCALE)
                .reshape('c', images.size(), ParticleImage.SIDE, ParticleImage.SIDE, 1);
    }
}
