package org.dqmstream.image;

import java.util.Collections;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Particle-type classifier for 10x10 track images. Rare types (a thousand muons against nearly a
 * million pions) would be ignored by plain training, so every epoch draws the same number of images
 * of each type. A classifier with a type it never recognizes is refused, not shipped.
 */
public final class ParticleClassifier implements ImageClassifier {
    /** Pixels are hit counts 0..12; this keeps inputs near unit scale. */
    static final float PIXEL_SCALE = 4f;
    private static final int BATCH = 128;

    private final MultiLayerNetwork network;

    public ParticleClassifier(MultiLayerNetwork network) {
        this.network = network;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    @Override
    public List<String> classes() {
        return ParticleType.names();
    }

    /** Pions: the commonest type, whose probability shape moves with any change of the mix. */
    @Override
    public int scoredClass() {
        return ParticleType.PION.ordinal();
    }

    @Override
    public float[][] probabilities(float[][] pixels) {
        return probabilitiesOfHits(pixels);
    }

    /** @param imagesPerType images of each type drawn per epoch (rare types are drawn with replacement) */
    public record Settings(int epochs, int imagesPerType, double learningRate, long seed) {
    }

    static MultiLayerNetwork newNetwork(double learningRate, long seed) {
        int types = ParticleType.values().length;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(types)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(ParticleImage.SIDE, ParticleImage.SIDE, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Trains with type-balanced sampling, then refuses the result if any type has zero recall on validation. */
    public static ParticleClassifier train(List<ParticleImage> training, List<ParticleImage> validation,
                                           Settings settings, ProgressBarBuilder progress) {
        Map<ParticleType, List<ParticleImage>> byType = new EnumMap<>(ParticleType.class);
        training.forEach(i -> byType.computeIfAbsent(i.type(), t -> new ArrayList<>()).add(i));
        for (ParticleType t : ParticleType.values()) {
            if (!byType.containsKey(t)) {
                throw new IllegalArgumentException("no training images of type " + t + " (PDG " + t.pdg() + ")");
            }
        }
        ParticleClassifier classifier = new ParticleClassifier(newNetwork(settings.learningRate(), settings.seed()));
        Random rng = new Random(settings.seed());
        int perEpoch = settings.imagesPerType() * ParticleType.values().length;
        try (ProgressBar bar = progress.setTaskName("Training").setInitialMax((long) settings.epochs() * perEpoch)
                .setUnit(" images", 1).build()) {
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                List<ParticleImage> sample = new ArrayList<>(perEpoch);
                for (List<ParticleImage> images : byType.values()) {
                    for (int i = 0; i < settings.imagesPerType(); i++) {
                        sample.add(images.get(rng.nextInt(images.size())));
                    }
                }
                Collections.shuffle(sample, rng);
                for (int start = 0; start < sample.size(); start += BATCH) {
                    List<ParticleImage> batch = sample.subList(start, Math.min(sample.size(), start + BATCH));
                    classifier.network.fit(new DataSet(features(batch), oneHot(batch)));
                    bar.stepBy(batch.size());
                }
            }
        }
        requireEveryTypeRecognized(classifier.recall(validation));
        return classifier;
    }

    /** A classifier that predicts only the majority type (78% accuracy on this data) must not ship. */
    static void requireEveryTypeRecognized(Map<ParticleType, Double> recall) {
        List<ParticleType> dead = recall.entrySet().stream().filter(e -> !(e.getValue() > 0)).map(Map.Entry::getKey)
                .toList();
        if (!dead.isEmpty()) {
            throw new IllegalStateException("refusing to ship a classifier that never recognizes " + dead
                    + " (validation recall per type: " + recall + ")");
        }
    }

    /** Type probabilities, one row per image, in ParticleType order; scored in batches. */
    public float[][] probabilities(List<ParticleImage> images) {
        return probabilitiesOfHits(images.stream().map(ParticleImage::charges).toArray(float[][]::new));
    }

    /** The same for raw rows of 100 hit counts, as event images carry them. */
    public float[][] probabilitiesOfHits(float[][] hits) {
        float[][] out = new float[hits.length][];
        int batch = 4096;
        for (int start = 0; start < hits.length; start += batch) {
            float[][] part = new float[Math.min(batch, hits.length - start)][];
            for (int i = 0; i < part.length; i++) {
                part[i] = new float[ParticleImage.PIXELS];
                for (int j = 0; j < ParticleImage.PIXELS; j++) {
                    part[i][j] = hits[start + i][j] / PIXEL_SCALE;
                }
            }
            float[][] p;
            synchronized (network) {
                p = network.output(Nd4j.create(part), false).toFloatMatrix();
            }
            System.arraycopy(p, 0, out, start, p.length);
        }
        return out;
    }

    /** Share of each type's images whose most probable type is right. */
    public Map<ParticleType, Double> recall(List<ParticleImage> images) {
        float[][] p = probabilities(images);
        Map<ParticleType, int[]> counts = new EnumMap<>(ParticleType.class);
        for (int i = 0; i < p.length; i++) {
            int[] c = counts.computeIfAbsent(images.get(i).type(), t -> new int[2]);
            c[1]++;
            c[0] += argmax(p[i]) == images.get(i).type().ordinal() ? 1 : 0;
        }
        Map<ParticleType, Double> out = new EnumMap<>(ParticleType.class);
        for (ParticleType t : ParticleType.values()) {
            int[] c = counts.get(t);
            out.put(t, c == null ? Double.NaN : (double) c[0] / c[1]);
        }
        return out;
    }

    public static int argmax(float[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    static INDArray features(List<ParticleImage> images) {
        float[][] x = new float[images.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = images.get(i).charges();
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] /= PIXEL_SCALE;
            }
        }
        return Nd4j.create(x);
    }

    public static INDArray oneHot(List<ParticleImage> images) {
        float[][] y = new float[images.size()][ParticleType.values().length];
        for (int i = 0; i < y.length; i++) {
            y[i][images.get(i).type().ordinal()] = 1;
        }
        return Nd4j.create(y);
    }
}
