package org.dqmstream.image;

import java.util.Collections;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dqmstream.model.BatchInference;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The numu-CC identifier for two-view NOvA events, after the final model of NOvA CVN (Aurisano et
 * al., arXiv:1604.01444): separable 7x7 conv 32 -> max pool -> conv 3x3 64 -> max pool -> inception block (1x1 64; 1x1 -> 3x3 96;
 * 1x1 -> 5x5 16; 3x3 max pool -> 1x1 32) -> conv 3x3 64 -> dense 128 -> dense 64 -> sigmoid. The two
 * views enter as two channels of one 100x80 image. Signal and background are drawn equally in training.
 */
public final class NumuIdentifier implements ImageClassifier {
    /** Charge is uint8 ADC counts; a MIP is about 40. */
    static final float CHARGE_SCALE = 64f;
    /** Training batch. */
    private static final int BATCH = 32;
    /**
     * At most this many events per part scored in parallel: two chunks of the im2col path, so that the dense
     * head, which reads its 16 MB of weights per multiply, runs on up to 16 events at a time.
     */
    private static final int PART = 16;

    private final ComputationGraph network;
    private final BatchInference inference;

    /** Scores with a snapshot of the network's weights as they are now: build it from a trained network. */
    public NumuIdentifier(ComputationGraph network) {
        this.network = network;
        this.inference = BatchInference.of(network, NovaEvent.VIEWS, NovaEvent.PLANES, NovaEvent.CELLS);
    }

    /** The seed's architecture with initial weights, for timing: the arithmetic is that of a trained one. */
    public static NumuIdentifier untrained(long seed) {
        return new NumuIdentifier(newNetwork(1e-3, seed));
    }

    public ComputationGraph network() {
        return network;
    }

    @Override
    public List<String> classes() {
        return List.of("NUMU_CC", "OTHER");
    }

    @Override
    public int scoredClass() {
        return 0;
    }

    /** Probabilities of numu CC and of anything else, for events given as charges (2 x 100 x 80). */
    @Override
    public float[][] probabilities(float[][] pixels) {
        float[] numu = inference.outputInParts(scaled(pixels), pixels.length, PART);
        float[][] out = new float[pixels.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[] {numu[i], 1 - numu[i]};
        }
        return out;
    }

    public record Settings(int epochs, int eventsPerClassPerEpoch, double learningRate, long seed) {
    }

    static ComputationGraph newNetwork(double learningRate, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("views")
                .setInputTypes(InputType.convolutional(NovaEvent.PLANES, NovaEvent.CELLS, NovaEvent.VIEWS))
                .addLayer("separable7x7", new SeparableConvolution2D.Builder(7, 7).depthMultiplier(1).nOut(32)
                        .activation(Activation.RELU).build(), "views")
                .addLayer("pool1", maxPool(2, 2), "separable7x7")
                .addLayer("conv3x3", conv(3, 64), "pool1")
                .addLayer("pool2", maxPool(2, 2), "conv3x3")
                .addLayer("inception1x1", conv(1, 64), "pool2")
                .addLayer("inception3x3reduce", conv(1, 64), "pool2")
                .addLayer("inception3x3", conv(3, 96), "inception3x3reduce")
                .addLayer("inception5x5reduce", conv(1, 16), "pool2")
                .addLayer("inception5x5", conv(5, 16), "inception5x5reduce")
                .addLayer("inceptionPool", maxPool(3, 1), "pool2")
                .addLayer("inceptionPool1x1", conv(1, 32), "inceptionPool")
                .addVertex("inception", new MergeVertex(), "inception1x1", "inception3x3", "inception5x5",
                        "inceptionPool1x1")
                .addLayer("conv3x3b", conv(3, 64), "inception")
                .addLayer("dense128", new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(), "conv3x3b")
                .addLayer("dense64", new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build(), "dense128")
                .addLayer("numuCC", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nOut(1)
                        .activation(Activation.SIGMOID).build(), "dense64")
                .setOutputs("numuCC")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    private static ConvolutionLayer conv(int size, int filters) {
        return new ConvolutionLayer.Builder(size, size).nOut(filters).activation(Activation.RELU).build();
    }

    private static SubsamplingLayer maxPool(int size, int stride) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(size, size)
                .stride(stride, stride).build();
    }

    /** Trains with numu CC and everything else drawn equally often. */
    public static NumuIdentifier train(List<NovaEvent> events, Settings settings, ProgressBarBuilder progress) {
        List<NovaEvent> signal = events.stream().filter(e -> e.interaction().isNumuCC()).toList();
        List<NovaEvent> background = events.stream().filter(e -> !e.interaction().isNumuCC()).toList();
        if (signal.isEmpty() || background.isEmpty()) {
            throw new IllegalArgumentException("training needs numu CC and other events; got " + signal.size()
                    + " and " + background.size());
        }
        ComputationGraph network = newNetwork(settings.learningRate(), settings.seed());
        Random rng = new Random(settings.seed());
        int perEpoch = 2 * settings.eventsPerClassPerEpoch();
        try (ProgressBar bar = progress.setTaskName("Training").setInitialMax((long) settings.epochs() * perEpoch)
                .setUnit(" events", 1).build()) {
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                List<NovaEvent> sample = new ArrayList<>(perEpoch);
                for (int i = 0; i < settings.eventsPerClassPerEpoch(); i++) {
                    sample.add(signal.get(rng.nextInt(signal.size())));
                    sample.add(background.get(rng.nextInt(background.size())));
                }
                Collections.shuffle(sample, rng);
                for (int start = 0; start < sample.size(); start += BATCH) {
                    List<NovaEvent> batch = sample.subList(start, Math.min(sample.size(), start + BATCH));
                    float[][] y = new float[batch.size()][1];
                    for (int i = 0; i < y.length; i++) {
                        y[i][0] = batch.get(i).interaction().isNumuCC() ? 1 : 0;
                    }
                    network.fit(new DataSet(features(batch), Nd4j.create(y)));
                    bar.stepBy(batch.size());
                }
            }
        }
        return new NumuIdentifier(network);
    }

    /** Probability that each event is numu CC, scored in batches. */
    public double[] scores(List<NovaEvent> events) {
        float[][] p = probabilities(events.stream().map(NovaEvent::charges).toArray(float[][]::new));
        return Arrays.stream(p).mapToDouble(row -> row[0]).toArray();
    }

    /** Events as [n, views, planes, cells] (channels first, as DL4J's convolutions take them). */
    static INDArray features(List<NovaEvent> events) {
        return Nd4j.create(scaled(events.stream().map(NovaEvent::charges).toArray(float[][]::new)),
                new long[] {events.size(), NovaEvent.VIEWS, NovaEvent.PLANES, NovaEvent.CELLS}, 'c');
    }

    /** Charges of events as the network's consecutive input rows. */
    private static float[] scaled(float[][] charges) {
        float[] data = new float[charges.length * NovaEvent.PIXELS];
        for (int i = 0; i < charges.length; i++) {
            for (int j = 0; j < NovaEvent.PIXELS; j++) {
                data[i * NovaEvent.PIXELS + j] = charges[i][j] / CHARGE_SCALE;
            }
        }
        return data;
    }
}
