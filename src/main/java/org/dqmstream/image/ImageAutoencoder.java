package org.dqmstream.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqmstream.model.AutoencoderFactory;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.model.Rows;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finds lumisections whose accumulated images a dense autoencoder, trained on healthy lumisections
 * only, cannot reconstruct: the detector faults a classifier does not see (dead planes, hot cells, a
 * view at low gain).
 *
 * <p>It reads a lumisection through the mean projections of its events ({@link ImageProjections}): the
 * occupancy profiles per plane and per cell of each view. Single events were tried first and did not
 * work: an autoencoder on one event's pixels or projections reconstructs tracks too loosely for a dead
 * plane or a hot cell to stand out (measured on generated NOvA events: 12 of 400 events with a dead
 * plane above the 2% threshold, 9 of 400 healthy ones). Averaged over a lumisection's events the
 * profiles are smooth, a dead plane is a hole in them, a hot cell a spike in both projections, and a
 * view at low gain is out of balance with the other views, which see the same planes.
 *
 * <p>Residuals are divided by their spread on healthy calibration lumisections, since busy central planes vary
 * more than empty edge ones. The score is log(E / E_mean), E the mean of the {@link #WORST} largest
 * squared residuals, so one spoiled plane is not diluted by the rest; WARNING and BAD thresholds are the scores that healthy
 * held-out lumisections exceed at the chosen false-alarm rates.
 */
public final class ImageAutoencoder {
    private static final int BATCH = 32;
    /** Residuals averaged into a lumisection's error. */
    static final int WORST = 3;

    /**
     * @param fullScale a saturated pixel's reading: sets the scale of the projections
     * @param residualScale root-mean-square residual of each projection on healthy training lumisections
     */
    public record Calibration(ImageShape shape, float fullScale, float[] residualScale, double errorMean,
                              double warningThreshold, double badThreshold) {
    }

    public record Settings(float fullScale, int epochs, double learningRate, double warningFalseAlarmRate,
                           double badFalseAlarmRate, long seed) {
        public Settings {
            if (!(badFalseAlarmRate > 0 && badFalseAlarmRate <= warningFalseAlarmRate && warningFalseAlarmRate < 1)) {
                throw new IllegalArgumentException("need 0 < BAD false-alarm rate <= WARNING false-alarm rate < 1");
            }
        }
    }

    /** One lumisection's verdict, with the signature of its largest residual. */
    public record Assessment(double score, FlagLevel level, AnomalySignature signature) {
    }

    private final MultiLayerNetwork network;
    private final Calibration calibration;

    public ImageAutoencoder(MultiLayerNetwork network, Calibration calibration) {
        this.network = network;
        this.calibration = calibration;
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public Calibration calibration() {
        return calibration;
    }

    /**
     * Trains on the mean projections of healthy lumisections and calibrates the thresholds on other
     * healthy lumisections, made of events training never saw.
     */
    public static ImageAutoencoder train(List<double[]> healthy, List<double[]> calibration, ImageShape shape,
                                         Settings s, ProgressBarBuilder progress) {
        if (calibration.size() * s.badFalseAlarmRate() < 2) {
            throw new IllegalArgumentException("need at least " + (int) Math.ceil(2 / s.badFalseAlarmRate())
                    + " healthy lumisections to calibrate a " + s.badFalseAlarmRate() + " false-alarm rate, got "
                    + calibration.size());
        }
        Random rng = new Random(s.seed());
        List<double[]> training = new ArrayList<>(healthy);
        int inputs = ImageProjections.scaledLength(shape);
        float[] unit = new float[inputs];
        Arrays.fill(unit, 1f);
        Calibration draft = new Calibration(shape, s.fullScale(), unit, 1, 0, 0);
        MultiLayerNetwork net = AutoencoderFactory.create(inputs, Math.min(128, inputs / 2),
                Math.max(4, Math.min(16, inputs / 10)), Activation.SIGMOID, s.learningRate(), s.seed());
        ImageAutoencoder untrained = new ImageAutoencoder(net, draft);
        try (ProgressBar bar = progress.setTaskName("Image autoencoder")
                .setInitialMax((long) s.epochs() * training.size()).setUnit(" lumisections", 1).build()) {
            for (int epoch = 0; epoch < s.epochs(); epoch++) {
                Collections.shuffle(training, rng);
                for (int start = 0; start < training.size(); start += BATCH) {
                    INDArray x = untrained.input(training.subList(start, Math.min(training.size(), start + BATCH)));
                    net.fit(new DataSet(x, x));
                    bar.stepBy(x.rows());
                }
            }
        }
        double[] squares = new double[inputs];
        // Spreads and thresholds come from lumisections training never saw: residuals on the training
        // lumisections themselves are smaller than those of new ones.
        untrained.reconstructEach(calibration, (in, rec) -> {
            for (int j = 0; j < inputs; j++) {
                squares[j] += (in[j] - rec[j]) * (double) (in[j] - rec[j]);
            }
        });
        float[] scale = new float[inputs];
        for (int j = 0; j < inputs; j++) {
            // The floor stops projections that are always empty from turning rounding noise into alarms.
            scale[j] = (float) Math.max(Math.sqrt(squares[j] / calibration.size()), 1e-3);
        }
        ImageAutoencoder scaled = new ImageAutoencoder(net, new Calibration(shape, s.fullScale(), scale, 1, 0, 0));
        double errorMean = Arrays.stream(scaled.errors(calibration)).average().orElseThrow();
        double[] held = Arrays.stream(scaled.errors(calibration))
                .map(e -> Math.log(e / errorMean)).sorted().toArray();
        return new ImageAutoencoder(net, new Calibration(shape, s.fullScale(), scale, errorMean,
                quantile(held, 1 - s.warningFalseAlarmRate()), quantile(held, 1 - s.badFalseAlarmRate())));
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /** Judges lumisections by their mean projections, in one network call per batch. */
    public List<Assessment> assess(List<double[]> meanProjections) {
        List<Assessment> out = new ArrayList<>(meanProjections.size());
        reconstructEach(meanProjections, (in, rec) -> {
            double score = Math.log(worstSquares(in, rec) / calibration.errorMean());
            FlagLevel level = score > calibration.badThreshold() ? FlagLevel.BAD
                    : score > calibration.warningThreshold() ? FlagLevel.WARNING : FlagLevel.GOOD;
            out.add(new Assessment(score, level, AnomalySignature.of(in, rec, calibration.residualScale(), calibration.shape())));
        });
        return out;
    }

    private double[] errors(List<double[]> meanProjections) {
        List<Double> out = new ArrayList<>(meanProjections.size());
        reconstructEach(meanProjections, (in, rec) -> out.add(worstSquares(in, rec)));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private interface ReconstructionVisitor {
        void visit(float[] input, float[] reconstruction);
    }

    private void reconstructEach(List<double[]> meanProjections, ReconstructionVisitor visitor) {
        for (int start = 0; start < meanProjections.size(); start += 1024) {
            INDArray x = input(meanProjections.subList(start, Math.min(meanProjections.size(), start + 1024)));
            float[][] in = Rows.of(x);
            float[][] rec;
            synchronized (network) {
                rec = Rows.of(network.output(x, false));
            }
            for (int i = 0; i < in.length; i++) {
                visitor.visit(in[i], rec[i]);
            }
        }
    }

    /**
     * The error of one lumisection: the mean of its {@link #WORST} largest squared scaled residuals, for
     * faults in one plane or cell, plus the mean of all of them, for faults spread over a view.
     */
    private double worstSquares(float[] a, float[] b) {
        double[] top = new double[WORST];
        double all = 0;
        float[] scale = calibration.residualScale();
        for (int j = 0; j < a.length; j++) {
            double d = (a[j] - b[j]) / (double) scale[j];
            d *= d;
            all += d;
            if (d > top[0]) {
                top[0] = d;
                Arrays.sort(top);
            }
        }
        // A floor keeps a perfectly reconstructed lumisection's log-score finite.
        return Math.max(Arrays.stream(top).average().orElseThrow() + all / a.length, 1e-12);
    }

    private INDArray input(List<double[]> meanProjections) {
        float[][] x = new float[meanProjections.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = ImageProjections.scaled(meanProjections.get(i), calibration.shape(), calibration.fullScale());
        }
        return Nd4j.create(x);
    }
}
