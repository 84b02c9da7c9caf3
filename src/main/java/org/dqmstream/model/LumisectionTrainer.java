package org.dqmstream.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.lumisection.FeatureLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains one autoencoder per channel group on good lumisections, weighting each lumisection's loss by
 * its luminosity, then calibrates per-subsystem thresholds on held-out good lumisections.
 */
public final class LumisectionTrainer {
    /** The model's part of each false-alarm rate past a run's first lumisections; the run deviation has the rest. */
    static final double MODEL_SHARE = 0.5;
    /**
     * The smallest mean squared error a feature is credited with (standard deviations squared): a feature
     * the network reproduces almost exactly would otherwise turn float noise into alarms.
     */
    private static final float MIN_FEATURE_ERROR = 1e-6f;


    /**
     * @param holdoutFraction share of good lumisections kept out of training to calibrate thresholds
     */
    /** @param scoreParts the detectors the bundle's group score combines (see {@link ScorePart}) */
    public record Settings(int epochs, int batchSize, double learningRate, double holdoutFraction,
                           double warningFalseAlarmRate, double badFalseAlarmRate, long seed,
                           List<ScorePart> scoreParts) {
        public Settings {
            if (scoreParts.isEmpty()) {
                throw new IllegalArgumentException("the group score needs at least one detector");
            }
            scoreParts = List.copyOf(scoreParts);
            if (epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("epochs and batch size must be positive");
            }
            if (!(badFalseAlarmRate > 0 && badFalseAlarmRate <= warningFalseAlarmRate && warningFalseAlarmRate < 1)) {
                throw new IllegalArgumentException("need 0 < BAD false-alarm rate <= WARNING false-alarm rate < 1");
            }
            if (holdoutFraction <= 0 || holdoutFraction >= 1) {
                throw new IllegalArgumentException("holdout fraction must be in (0, 1)");
            }
        }

        public static Settings defaults() {
            return new Settings(20, 128, 2e-3, 0.3, 0.05, 0.01, 42, List.of(ScorePart.values()));
        }

        public Settings withEpochs(int n) {
            return new Settings(n, batchSize, learningRate, holdoutFraction, warningFalseAlarmRate,
                    badFalseAlarmRate, seed, scoreParts);
        }

        public Settings withFalseAlarmRates(double warning, double bad) {
            return new Settings(epochs, batchSize, learningRate, holdoutFraction, warning, bad, seed, scoreParts);
        }

        public Settings withScoreParts(List<ScorePart> parts) {
            return new Settings(epochs, batchSize, learningRate, holdoutFraction, warningFalseAlarmRate,
                    badFalseAlarmRate, seed, parts);
        }
    }

    private final FeatureLayout layout;
    private final Map<String, String> subsystemSources;
    private final Settings settings;

    public LumisectionTrainer(FeatureLayout layout, Map<String, String> subsystemSources, Settings settings) {
        this.layout = layout;
        this.subsystemSources = subsystemSources;
        this.settings = settings;
    }

    public ModelBundle train(List<ValidLumisection> good, ProgressBarBuilder progress) {
        List<List<ValidLumisection>> split = split(good);
        List<ValidLumisection> training = split.get(0);
        List<ChannelGroupModel> models = new ArrayList<>();
        Map<String, Double> finalLoss = new LinkedHashMap<>();
        long steps = (long) layout.groups().size() * settings.epochs();
        try (ProgressBar bar = progress.setInitialMax(steps).setTaskName("Training").setUnit(" epochs", 1).build()) {
            for (ChannelGroup group : layout.groups()) {
                bar.setExtraMessage(group.name());
                ChannelGroupModel model = trainGroup(group, training, bar);
                models.add(model);
                finalLoss.put(group.name(), model.network().score());
            }
        }
        return bundle("lumi-ae-", models, training, split.get(1), settings.epochs(), finalLoss);
    }

    /**
     * A bundle around networks trained elsewhere (e.g. imported from Keras), one per channel group of the
     * layout, each taking the group's standardized inputs: the standardization, error reference and
     * thresholds are fitted on {@code good} as {@link #train} fits them, and nothing is trained.
     */
    public ModelBundle calibrate(Map<String, MultiLayerNetwork> networks, List<ValidLumisection> good,
                                 String versionPrefix) {
        List<List<ValidLumisection>> split = split(good);
        List<ValidLumisection> training = split.get(0);
        List<ChannelGroupModel> models = new ArrayList<>();
        for (ChannelGroup group : layout.groups()) {
            MultiLayerNetwork net = networks.get(group.name());
            if (net == null) {
                throw new IllegalArgumentException("no network for channel group " + group.name());
            }
            long outputs = net.output(Nd4j.zeros(DataType.FLOAT, 1, net.layerInputSize(0))).size(1);
            if (net.layerInputSize(0) != group.size() || outputs != group.size()) {
                throw new IllegalArgumentException("channel group " + group.name() + " has " + group.size()
                        + " inputs; its network takes " + net.layerInputSize(0) + " and gives " + outputs);
            }
            float[][] raw = groupInputs(group, training);
            models.add(withReference(group, net, Standardization.fit(raw), raw, training));
        }
        return bundle(versionPrefix, models, training, split.get(1), 0, Map.of());
    }

    private List<List<ValidLumisection>> split(List<ValidLumisection> good) {
        int minimum = (int) Math.ceil(2 / settings.badFalseAlarmRate() / settings.holdoutFraction());
        if (good.size() < minimum) {
            throw new IllegalArgumentException("need at least " + minimum + " good lumisections to calibrate a "
                    + settings.badFalseAlarmRate() + " false-alarm rate, got " + good.size());
        }
        return splitByRun(good);
    }

    private ModelBundle bundle(String versionPrefix, List<ChannelGroupModel> models, List<ValidLumisection> training,
                               List<ValidLumisection> holdout, int epochs, Map<String, Double> finalLoss) {
        SubsystemMap subsystems = SubsystemMap.resolve(subsystemSources, layout);
        models = models.stream().map(m -> withOffsets(m, holdout)).toList();
        HeldOut heldOut = scoreHeldOut(models, subsystems, holdout);
        Map<String, Thresholds> thresholds = calibrate(subsystems, heldOut.scores());
        String fingerprint = fingerprint(training);
        Instant now = Instant.now();
        String version = versionPrefix + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(now) + "-" + fingerprint.substring(0, 8);
        return new ModelBundle(version, now, layout, List.copyOf(models), subsystems, thresholds,
                new ModelBundle.TrainingSummary(fingerprint, training.size(), holdout.size(), epochs,
                        settings.warningFalseAlarmRate(), settings.badFalseAlarmRate(), finalLoss),
                calibrateRunContext(subsystems, holdout, heldOut), settings.scoreParts());
    }

    /**
     * Holds out whole runs: lumisections of one run share its conditions, so thresholds calibrated on
     * lumisections of training runs would promise fewer false alarms than new runs give.
     */
    private List<List<ValidLumisection>> splitByRun(List<ValidLumisection> good) {
        Map<Integer, List<ValidLumisection>> byRun = new LinkedHashMap<>();
        good.forEach(l -> byRun.computeIfAbsent(l.record().getRun(), r -> new ArrayList<>()).add(l));
        if (byRun.size() < 2) {
            throw new IllegalArgumentException("need good lumisections of at least two runs to hold one out, got "
                    + byRun.size());
        }
        List<Integer> runs = new ArrayList<>(byRun.keySet());
        Collections.shuffle(runs, new Random(settings.seed()));
        List<ValidLumisection> holdout = new ArrayList<>();
        List<ValidLumisection> training = new ArrayList<>();
        for (Integer run : runs) {
            boolean hold = holdout.size() < settings.holdoutFraction() * good.size() && run != runs.get(runs.size() - 1);
            (hold ? holdout : training).addAll(byRun.get(run));
        }
        return List.of(training, holdout);
    }

    private ChannelGroupModel trainGroup(ChannelGroup group, List<ValidLumisection> training, ProgressBar bar) {
        float[][] raw = groupInputs(group, training);
        Standardization standardization = Standardization.fit(raw);
        float[][] standardized = Arrays.stream(raw).map(standardization::apply).toArray(float[][]::new);
        double[] weights = luminosityWeights(training);
        MultiLayerNetwork net = AutoencoderFactory.create(group.size(), settings.learningRate(), settings.seed());
        Random order = new Random(settings.seed() ^ group.name().hashCode());
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < standardized.length; i++) {
            indices.add(i);
        }
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            Collections.shuffle(indices, order);
            for (int start = 0; start < indices.size(); start += settings.batchSize()) {
                List<Integer> batch = indices.subList(start, Math.min(indices.size(), start + settings.batchSize()));
                net.fit(weightedBatch(batch, standardized, weights));
            }
            bar.step();
        }
        return withReference(group, net, standardization, raw, training);
    }

    /**
     * The group's model with what it makes of the training lumisections as its reference: each feature's
     * mean squared error, the luminosity references of its scores, and the statistical peer fitted beside it.
     */
    private static ChannelGroupModel withReference(ChannelGroup group, MultiLayerNetwork net,
                                                   Standardization standardization, float[][] raw,
                                                   List<ValidLumisection> training) {
        double[] luminosities = training.stream().mapToDouble(ValidLumisection::luminosity).toArray();
        double[] weights = luminosityWeights(training);
        StatisticalPeer peer = StatisticalPeer.fit(Arrays.stream(raw).map(standardization::apply)
                .toArray(float[][]::new), luminosities, weights,
                training.stream().mapToInt(l -> l.record().getRun()).toArray());
        float[][] errors = new ChannelGroupModel(group.name(), net, standardization, null, null, null, 0)
                .reconstruct(raw).squaredErrors();
        float[] scale = new float[group.size()];
        for (float[] e : errors) {
            for (int j = 0; j < scale.length; j++) {
                scale[j] += e[j] / errors.length;
            }
        }
        for (int j = 0; j < scale.length; j++) {
            scale[j] = 1 / Math.max(scale[j], MIN_FEATURE_ERROR);
        }
        ChannelGroupModel.Reconstruction r = new ChannelGroupModel(group.name(), net, standardization, scale, null, null,
                0).reconstruct(raw);
        return new ChannelGroupModel(group.name(), net, standardization, scale,
                ScoreReference.fit(r.meanErrors(), r.topErrors(), luminosities, weights), peer, 0);
    }

    /**
     * The model with each detector's score offset so that a share of the held-out good lumisections equal to
     * the BAD false-alarm rate scores above 0 (see {@link ScoreReference}), and the median of its group score
     * there as what an ordinary lumisection scores.
     */
    private ChannelGroupModel withOffsets(ChannelGroupModel model, List<ValidLumisection> holdout) {
        ChannelGroupModel.Reconstruction r = model.reconstruct(groupInputs(layout.group(model.group()), holdout));
        double[] autoencoder = new double[holdout.size()];
        double[] peer = new double[holdout.size()];
        for (int i = 0; i < holdout.size(); i++) {
            autoencoder[i] = model.autoencoderScore(r, i, holdout.get(i).luminosity());
            peer[i] = model.peerScore(r, i, holdout.get(i).luminosity());
        }
        double[] sortedAutoencoder = autoencoder.clone();
        double[] sortedPeer = peer.clone();
        Arrays.sort(sortedAutoencoder);
        Arrays.sort(sortedPeer);
        double autoencoderOffset = upperQuantile(sortedAutoencoder, settings.badFalseAlarmRate());
        double peerOffset = model.peer() == null ? 0 : upperQuantile(sortedPeer, settings.badFalseAlarmRate());
        double[] combined = new double[holdout.size()];
        for (int i = 0; i < combined.length; i++) {
            combined[i] = ScorePart.combine(settings.scoreParts(), autoencoder[i] - autoencoderOffset,
                    peer[i] - peerOffset);
        }
        Arrays.sort(combined);
        return model.withOffsets(autoencoderOffset, peerOffset).withOrdinaryScore(upperQuantile(combined, 0.5));
    }

    /**
     * An autoencoder batch whose label mask carries each lumisection's weight: DL4J multiplies the
     * per-example loss by the mask, so the loss is luminosity-weighted.
     */
    static DataSet weightedBatch(List<Integer> rows, float[][] standardized, double[] weights) {
        float[][] x = new float[rows.size()][];
        float[][] w = new float[rows.size()][1];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = standardized[rows.get(i)];
            w[i][0] = (float) weights[rows.get(i)];
        }
        INDArray features = Nd4j.create(x);
        return new DataSet(features, features, null, Nd4j.create(w));
    }

    /** Luminosity over its mean: weights average to one, so the learning rate means the same at any luminosity. */
    static double[] luminosityWeights(List<ValidLumisection> lumisections) {
        double[] w = lumisections.stream().mapToDouble(ValidLumisection::luminosity).toArray();
        double mean = Arrays.stream(w).average().orElse(1);
        for (int i = 0; i < w.length; i++) {
            w[i] = mean > 0 ? w[i] / mean : 1;
        }
        return w;
    }

    /**
     * The held-out lumisections as the stream scores them: per lumisection its subsystem scores (in the map's
     * order) and its run deviation per subsystem (NaN within a run's first lumisections and for a subsystem
     * whose groups have no principal directions).
     */
    private record HeldOut(double[][] scores, double[][] deviations) {
    }

    private HeldOut scoreHeldOut(List<ChannelGroupModel> models, SubsystemMap subsystems,
                                 List<ValidLumisection> holdout) {
        List<Map<String, Double>> groupScores = new ArrayList<>();
        float[][][] coordinates = new float[holdout.size()][models.size()][];
        double[][] byGroup = new double[holdout.size()][models.size()];
        for (int i = 0; i < holdout.size(); i++) {
            groupScores.add(new HashMap<>());
        }
        for (int g = 0; g < models.size(); g++) {
            ChannelGroupModel model = models.get(g);
            ChannelGroupModel.Reconstruction r = model.reconstruct(groupInputs(layout.group(model.group()), holdout));
            for (int i = 0; i < holdout.size(); i++) {
                double luminosity = holdout.get(i).luminosity();
                byGroup[i][g] = ScorePart.combine(settings.scoreParts(), model.autoencoderScore(r, i, luminosity),
                        model.peerScore(r, i, luminosity));
                groupScores.get(i).put(model.group(), byGroup[i][g]);
                coordinates[i][g] = r.coordinates(i, model.directions());
            }
        }
        List<String> names = subsystems.subsystems();
        int[] directions = models.stream().mapToInt(ChannelGroupModel::directions).toArray();
        float[][] scales = models.stream().map(m -> m.peer() == null ? new float[0] : m.peer().driftScale())
                .toArray(float[][]::new);
        double[][] scores = new double[holdout.size()][];
        double[][] deviations = new double[holdout.size()][];
        RunDeviation run = null;
        for (int i = 0; i < holdout.size(); i++) {
            Map<String, Double> g = groupScores.get(i);
            scores[i] = names.stream().mapToDouble(s -> subsystems.score(s, g)).toArray();
            if (i == 0 || holdout.get(i).record().getRun() != holdout.get(i - 1).record().getRun()) {
                run = new RunDeviation("", directions);
            }
            double[] drift = run.next(coordinates[i], scales, RunDeviation.aboveOrdinary(models, byGroup[i]));
            Map<String, Double> d = new HashMap<>();
            for (int k = 0; k < models.size(); k++) {
                d.put(models.get(k).group(), drift[k]);
            }
            deviations[i] = names.stream().mapToDouble(s -> subsystems.largestKnown(s, d)).toArray();
        }
        return new HeldOut(scores, deviations);
    }

    private Map<String, Thresholds> calibrate(SubsystemMap subsystems, double[][] scores) {
        Map<String, Thresholds> out = new LinkedHashMap<>();
        List<String> names = subsystems.subsystems();
        for (int s = 0; s < names.size(); s++) {
            int column = s;
            double[] sorted = Arrays.stream(scores).mapToDouble(row -> row[column]).sorted().toArray();
            out.put(names.get(s), new Thresholds(upperQuantile(sorted, settings.warningFalseAlarmRate()),
                    upperQuantile(sorted, settings.badFalseAlarmRate())));
        }
        return out;
    }

    /**
     * Thresholds past each held-out run's first lumisections (see {@link RunContextCalibration}): the
     * model's score at {@link #MODEL_SHARE} of each rate, then the run deviation at whatever flags the rest
     * of it among the lumisections the model left alone. Null when the held-out runs are too short.
     */
    private RunContextCalibration calibrateRunContext(SubsystemMap subsystems, List<ValidLumisection> holdout,
                                                      HeldOut heldOut) {
        List<String> names = subsystems.subsystems();
        List<double[]> past = new ArrayList<>();
        List<double[]> deviations = new ArrayList<>();
        for (int i = 0; i < holdout.size(); i++) {
            if (Arrays.stream(heldOut.deviations()[i]).anyMatch(d -> !Double.isNaN(d))) {
                past.add(heldOut.scores()[i]);
                deviations.add(heldOut.deviations()[i]);
            }
        }
        if (past.size() < 2 / settings.badFalseAlarmRate()) {
            return null;
        }
        Map<String, Thresholds> model = new LinkedHashMap<>();
        Map<String, Thresholds> deviation = new LinkedHashMap<>();
        for (int s = 0; s < names.size(); s++) {
            double[] x = new double[past.size()];
            double[] d = new double[past.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = past.get(i)[s];
                d[i] = deviations.get(i)[s];
            }
            if (Arrays.stream(d).allMatch(Double::isNaN)) {
                continue; // no principal directions in its groups: the model's own thresholds judge it throughout
            }
            double[] warning = fill(x, d, settings.warningFalseAlarmRate());
            double[] bad = fill(x, d, settings.badFalseAlarmRate());
            model.put(names.get(s), new Thresholds(warning[0], bad[0]));
            deviation.put(names.get(s), new Thresholds(warning[1], bad[1]));
        }
        return new RunContextCalibration(MODEL_SHARE, model, deviation);
    }

    /**
     * {model threshold, deviation threshold} that together flag a share {@code rate} of the lumisections; a
     * lumisection without a deviation (NaN: its groups' baselines not yet formed) is flagged by the model only.
     */
    static double[] fill(double[] scores, double[] deviations, double rate) {
        double modelThreshold = upperQuantile(Arrays.stream(scores).sorted().toArray(), rate * MODEL_SHARE);
        List<Double> left = new ArrayList<>();
        int flagged = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > modelThreshold) {
                flagged++;
            } else if (!Double.isNaN(deviations[i])) {
                left.add(deviations[i]);
            }
        }
        Collections.sort(left);
        int budget = (int) Math.round(rate * scores.length) - flagged;
        double deviationThreshold = budget <= 0 || left.isEmpty() ? Double.POSITIVE_INFINITY
                : left.get(Math.max(0, left.size() - budget - 1));
        return new double[] {modelThreshold, deviationThreshold};
    }

    /** The value that a share {@code rate} of the sorted scores exceeds. */
    static double upperQuantile(double[] sorted, double rate) {
        int index = (int) Math.ceil((1 - rate) * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static float[][] groupInputs(ChannelGroup group, List<ValidLumisection> lumisections) {
        InputTransform transform = InputTransform.of(group);
        return lumisections.stream()
                .map(l -> transform.groupInput(l.features(), l.luminosityByStream()))
                .toArray(float[][]::new);
    }

    private static String fingerprint(List<ValidLumisection> training) {
        return DataFingerprint.of(sha -> training.forEach(l -> {
            sha.update(l.id().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(l.record().getFeatures().duplicate());
        }));
    }
}
