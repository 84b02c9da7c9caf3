package org.dqmstream.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dqmstream.image.ParticleClassifier;
import org.dqmstream.image.ParticleImage;
import org.dqmstream.image.ParticleType;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROCMultiClass;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Quality of a particle-type classifier on imbalanced data: per-type precision, recall, F1 and
 * one-vs-rest ROC AUC, macro-F1, the confusion matrix and multi-class log loss, on the natural mix and
 * on a type-balanced subsample (the usual challenge setting).
 */
public final class ClassificationEvaluation {

    public record PerType(ParticleType type, int images, double precision, double recall, double f1, double auc) {
    }

    public record Scores(int images, double accuracy, double macroF1, double logLoss) {
    }

    /** @param confusion rows: true type, columns: predicted type, in ParticleType order */
    public record Result(Scores natural, Scores balanced, List<PerType> perType, long[][] confusion) {
    }

    private ClassificationEvaluation() {
    }

    public static Result evaluate(List<ParticleImage> images, float[][] probabilities, long seed) {
        int n = ParticleType.values().length;
        Evaluation eval = new Evaluation(n);
        INDArray labels = ParticleClassifier.oneHot(images);
        INDArray predictions = Nd4j.create(probabilities);
        eval.eval(labels, predictions);
        ROCMultiClass roc = new ROCMultiClass(0);
        roc.eval(labels, predictions);

        List<PerType> perType = new ArrayList<>();
        long[][] confusion = new long[n][n];
        Map<ParticleType, Integer> counts = new EnumMap<>(ParticleType.class);
        images.forEach(i -> counts.merge(i.type(), 1, Integer::sum));
        for (ParticleType t : ParticleType.values()) {
            int k = t.ordinal();
            for (int j = 0; j < n; j++) {
                confusion[k][j] = eval.getConfusionMatrix().getCount(k, j);
            }
            boolean present = counts.getOrDefault(t, 0) > 0;
            perType.add(new PerType(t, counts.getOrDefault(t, 0), eval.precision(k), eval.recall(k), eval.f1(k),
                    present ? roc.calculateAUC(k) : Double.NaN));
        }
        Scores natural = new Scores(images.size(), eval.accuracy(), macroF1(eval, counts),
                logLoss(images, probabilities, allIndices(images.size())));
        return new Result(natural, balanced(images, probabilities, seed), perType, confusion);
    }

    /** Equal numbers of each type (as many as the rarest type has), drawn at random. */
    private static Scores balanced(List<ParticleImage> images, float[][] probabilities, long seed) {
        Map<ParticleType, List<Integer>> byType = new EnumMap<>(ParticleType.class);
        for (int i = 0; i < images.size(); i++) {
            byType.computeIfAbsent(images.get(i).type(), t -> new ArrayList<>()).add(i);
        }
        int per = byType.values().stream().mapToInt(List::size).min().orElse(0);
        Random rng = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> indices : byType.values()) {
            Collections.shuffle(indices, rng);
            chosen.addAll(indices.subList(0, per));
        }
        int correct = 0;
        float[][] p = new float[chosen.size()][];
        List<ParticleImage> sample = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            p[i] = probabilities[chosen.get(i)];
            sample.add(images.get(chosen.get(i)));
            correct += ParticleClassifier.argmax(p[i]) == sample.get(i).type().ordinal() ? 1 : 0;
        }
        Evaluation eval = new Evaluation(ParticleType.values().length);
        Map<ParticleType, Integer> counts = new EnumMap<>(ParticleType.class);
        sample.forEach(i -> counts.merge(i.type(), 1, Integer::sum));
        if (!chosen.isEmpty()) {
            eval.eval(ParticleClassifier.oneHot(sample), Nd4j.create(p));
        }
        return new Scores(chosen.size(), chosen.isEmpty() ? Double.NaN : (double) correct / chosen.size(),
                chosen.isEmpty() ? Double.NaN : macroF1(eval, counts),
                logLoss(sample, p, allIndices(sample.size())));
    }

    /**
     * Mean F1 over the types present in the data, a type never predicted counting 0. ND4J's own macro
     * average leaves such types out, which flatters exactly the majority guesser it should expose.
     */
    private static double macroF1(Evaluation eval, Map<ParticleType, Integer> counts) {
        return counts.keySet().stream().mapToDouble(t -> {
            double f1 = eval.f1(t.ordinal());
            return Double.isFinite(f1) ? f1 : 0;
        }).average().orElse(Double.NaN);
    }

    /** Mean -ln p(true type), probabilities clipped at 1e-15 as in the Kaggle-style metric. */
    static double logLoss(List<ParticleImage> images, float[][] probabilities, List<Integer> indices) {
        double sum = 0;
        for (int i : indices) {
            sum -= Math.log(Math.max(1e-15, probabilities[i][images.get(i).type().ordinal()]));
        }
        return indices.isEmpty() ? Double.NaN : sum / indices.size();
    }

    private static List<Integer> allIndices(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
