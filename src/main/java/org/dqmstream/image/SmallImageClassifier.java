package org.dqmstream.image;

import java.util.ArrayList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dqmstream.model.KerasModels;
import org.dqmstream.model.Rows;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Classifier of small single-view images (10x10 particle tracks, 32x32 object cut-outs) into a few
 * imbalanced classes. Rare classes (a thousand muons against nearly a million pions) would be ignored by
 * plain training, so every epoch draws the same number of images of each class, and a classifier with a
 * class it never recognizes is refused, not shipped. Deployed probabilities are moved back to the
 * natural class mix with {@link ClassPriors}.
 */
public final class SmallImageClassifier implements ImageClassifier {
    private static final int BATCH = 128;
    private static final int SCORING_BATCH = 4096;

    /**
     * @param inputScale  pixel readings are divided by this, to keep inputs near unit scale
     * @param scoredClass the class whose probability shape per-lumisection checks compare
     * @param priors      the deployment class mix; null leaves the balanced-training posteriors as they are
     * @param channelsLast the network takes images shaped [n, height, width, 1], as Keras models do, rather
     *                     than flat rows
     */
    public record Spec(List<String> classes, ImageShape shape, float inputScale, int scoredClass, ClassPriors priors,
                       boolean channelsLast) {
        public Spec {
            classes = List.copyOf(classes);
            if (shape.views() != 1) {
                throw new IllegalArgumentException("a small-image classifier takes one view, not " + shape.views());
            }
            if (scoredClass < 0 || scoredClass >= classes.size()) {
                throw new IllegalArgumentException("scored class " + scoredClass + " of " + classes.size());
            }
            if (priors != null && priors.shares().length != classes.size()) {
                throw new IllegalArgumentException(priors.shares().length + " priors for " + classes.size() + " classes");
            }
        }
    }

    /** @param imagesPerClass images of each class drawn per epoch (rare classes are drawn with replacement) */
    public record Settings(int epochs, int imagesPerClass, double learningRate, long seed) {
    }

    private final MultiLayerNetwork network;
    private final Spec spec;

    public SmallImageClassifier(MultiLayerNetwork network, Spec spec) {
        this.network = network;
        this.spec = spec;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public Spec spec() {
        return spec;
    }

    @Override
    public List<String> classes() {
        return spec.classes();
    }

    @Override
    public int scoredClass() {
        return spec.scoredClass();
    }

    /** Two 3x3 convolutions and a dense layer; images wider than 16 pixels are pooled after each convolution. */
    static MultiLayerNetwork newNetwork(ImageShape shape, int classes, double learningRate, long seed) {
        boolean pool = shape.width() > 16;
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build());
        if (pool) {
            list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        }
        list.layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build());
        if (pool) {
            list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(shape.height(), shape.width(), 1))
                .build());
        net.init();
        return net;
    }

    /**
     * Trains with class-balanced sampling, refuses the result if any class has zero recall on
     * validation, and sets the deployment priors to the training data's class mix.
     */
    public static SmallImageClassifier train(List<? extends LabelledImage> training,
                                             List<? extends LabelledImage> validation, Spec spec, Settings settings,
                                             ProgressBarBuilder progress) {
        List<List<LabelledImage>> byClass = new ArrayList<>();
        spec.classes().forEach(c -> byClass.add(new ArrayList<>()));
        training.forEach(i -> byClass.get(i.label()).add(i));
        for (int k = 0; k < byClass.size(); k++) {
            if (byClass.get(k).isEmpty()) {
                throw new IllegalArgumentException("no training images of class " + spec.classes().get(k));
            }
        }
        Spec deployed = new Spec(spec.classes(), spec.shape(), spec.inputScale(), spec.scoredClass(),
                ClassPriors.of(training, spec.classes().size()), false);
        SmallImageClassifier classifier = new SmallImageClassifier(
                newNetwork(spec.shape(), spec.classes().size(), settings.learningRate(), settings.seed()), deployed);
        Random rng = new Random(settings.seed());
        int perEpoch = settings.imagesPerClass() * byClass.size();
        try (ProgressBar bar = progress.setTaskName("Training").setInitialMax((long) settings.epochs() * perEpoch)
                .setUnit(" images", 1).build()) {
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                List<LabelledImage> sample = new ArrayList<>(perEpoch);
                for (List<LabelledImage> images : byClass) {
                    for (int i = 0; i < settings.imagesPerClass(); i++) {
                        sample.add(images.get(rng.nextInt(images.size())));
                    }
                }
                Collections.shuffle(sample, rng);
                for (int start = 0; start < sample.size(); start += BATCH) {
                    List<LabelledImage> batch = sample.subList(start, Math.min(sample.size(), start + BATCH));
                    classifier.network.fit(new DataSet(classifier.features(pixels(batch)), oneHot(batch,
                            spec.classes().size())));
                    bar.stepBy(batch.size());
                }
            }
        }
        requireEveryClassRecognized(classifier.recall(validation));
        return classifier;
    }

    /** A classifier that predicts only the majority class (78% accuracy on particle data) must not ship. */
    static void requireEveryClassRecognized(Map<String, Double> recall) {
        List<String> dead = recall.entrySet().stream().filter(e -> !(e.getValue() > 0)).map(Map.Entry::getKey).toList();
        if (!dead.isEmpty()) {
            throw new IllegalStateException("refusing to ship a classifier that never recognizes " + dead
                    + " (validation recall per class: " + recall + ")");
        }
    }

    /** Class probabilities in the deployment mix, one row per image. */
    @Override
    public float[][] probabilities(float[][] pixels) {
        float[][] balanced = balancedProbabilities(pixels);
        return spec.priors() == null ? balanced : spec.priors().correct(balanced);
    }

    /** Class probabilities as trained, under equal class priors; scored in batches. */
    public float[][] balancedProbabilities(float[][] pixels) {
        float[][] out = new float[pixels.length][];
        for (int start = 0; start < pixels.length; start += SCORING_BATCH) {
            float[][] part = Arrays.copyOfRange(pixels, start, Math.min(pixels.length, start + SCORING_BATCH));
            float[][] p;
            synchronized (network) {
                p = Rows.of(network.output(features(part), false));
            }
            System.arraycopy(p, 0, out, start, p.length);
        }
        return out;
    }

    /**
     * Share of each class's images whose most probable class (under equal priors, as trained) is right:
     * whether the classifier can tell the class at all, whatever its share in the data.
     */
    public Map<String, Double> recall(List<? extends LabelledImage> images) {
        float[][] p = balancedProbabilities(pixels(images));
        int[][] counts = new int[spec.classes().size()][2];
        for (int i = 0; i < p.length; i++) {
            int[] c = counts[images.get(i).label()];
            c[1]++;
            c[0] += ImageClassifier.argmax(p[i]) == images.get(i).label() ? 1 : 0;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int k = 0; k < counts.length; k++) {
            out.put(spec.classes().get(k), counts[k][1] == 0 ? Double.NaN : (double) counts[k][0] / counts[k][1]);
        }
        return out;
    }

    public static float[][] pixels(List<? extends LabelledImage> images) {
        return LabelledImage.charges(images).toArray(float[][]::new);
    }

    private INDArray features(float[][] pixels) {
        float[][] x = new float[pixels.length][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new float[pixels[i].length];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = pixels[i][j] / spec.inputScale();
            }
        }
        INDArray rows = Nd4j.create(x);
        // One view, rows in order: the flat row is already the channels-last image in memory.
        return spec.channelsLast() ? rows.reshape('c', x.length, spec.shape().height(), spec.shape().width(), 1) : rows;
    }

    /**
     * A classifier trained in Keras on channels-last images of the spec's shape (a Sequential or functional
     * chain ending in a softmax over the spec's classes), refused if it never recognizes a class of
     * {@code calibration}.
     *
     * @param trainedBalanced whether it was trained class-balanced: then its posteriors are moved to the
     *                        calibration data's class mix, as the native classifier's are
     */
    public static SmallImageClassifier fromKeras(Path file, Spec spec, List<? extends LabelledImage> calibration,
                                                 boolean trainedBalanced) throws IOException {
        MultiLayerNetwork net = KerasModels.load(file, spec.shape().height(), spec.shape().width(), 1);
        Spec deployed = new Spec(spec.classes(), spec.shape(), spec.inputScale(), spec.scoredClass(),
                trainedBalanced ? ClassPriors.of(calibration, spec.classes().size()) : null, true);
        SmallImageClassifier classifier = new SmallImageClassifier(net, deployed);
        int outputs = classifier.balancedProbabilities(new float[][] {new float[spec.shape().pixels()]})[0].length;
        if (outputs != spec.classes().size()) {
            throw new IOException(file + ": the network gives " + outputs + " outputs for the " + spec.classes().size()
                    + " classes " + spec.classes());
        }
        requireEveryClassRecognized(classifier.recall(calibration));
        return classifier;
    }

    public static INDArray oneHot(List<? extends LabelledImage> images, int classes) {
        float[][] y = new float[images.size()][classes];
        for (int i = 0; i < y.length; i++) {
            y[i][images.get(i).label()] = 1;
        }
        return Nd4j.create(y);
    }
}
