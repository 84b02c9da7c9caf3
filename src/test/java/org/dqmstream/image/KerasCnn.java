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
 * A small image classifier built as Keras builds them (channels-last square images, a 3x3 convolution,
 * a softmax), trained here: what a physicist's Keras model stands for in the import tests.
 */
public final class KerasCnn {
    private final int side;
    private final int classes;
    private final float scale;

    /** For images of {@code side} x {@code side} pixels, divided by {@code scale} as the native classifier's are. */
    public KerasCnn(int side, int classes, float scale) {
        this.side = side;
        this.classes = classes;
        this.scale = scale;
    }

    /** For particle images, scaled as {@link ParticleType#classifierSpec()} scales them. */
    public static KerasCnn particles() {
        return new KerasCnn(ParticleImage.SIDE, ParticleType.values().length, ParticleType.classifierSpec().inputScale());
    }

    public MultiLayerNetwork trained(List<? extends LabelledImage> training, int epochs) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .updater(new Adam(5e-3)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU)
                        .dataFormat(CNN2DFormat.NHWC).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(side, side, 1, CNN2DFormat.NHWC))
                .build());
        net.init();
        DataSet data = new DataSet(images(training), SmallImageClassifier.oneHot(training, classes));
        for (int epoch = 0; epoch < epochs; epoch++) {
            net.fit(data);
        }
        return net;
    }

    /** The images as the network takes them: [n, side, side, 1], scaled. */
    public INDArray images(List<? extends LabelledImage> images) {
        return Nd4j.create(SmallImageClassifier.pixels(images)).div(scale).reshape('c', images.size(), side, side, 1);
    }

    /** The input shape a Keras file of this network declares. */
    public long[] inputShape() {
        return new long[] {side, side, 1};
    }
}
