package org.dqmstream.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dqmstream.image.ImageClassifier;
import org.dqmstream.image.LabelledImage;
import org.dqmstream.image.SmallImageClassifier;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROCMultiClass;
import org.nd4j.evaluation.curves.RocCurve;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Quality of a classifier on imbalanced data: per-class precision, recall, F1 and one-vs-rest ROC AUC,
 * macro-F1, the confusion matrix and multi-class log loss, on the natural mix and on a class-balanced
 * subsample (the usual challenge setting).
 */
public final class ClassificationEvaluation {

    /** @param falsePositiveRate with {@code truePositiveRate}: the one-vs-rest ROC curve, at most 400 points */
    public record PerClass(String name, int images, double precision, double recall, double f1, double auc,
                           double[] falsePositiveRate, double[] truePositiveRate) {
    }

    public record Scores(int images, double accuracy, double macroF1, double logLoss) {
    }

    /** @param confusion rows: true class, columns: predicted class, in class order */
    public record Result(List<String> classes, Scores natural, Scores balanced, List<PerClass> perClass,
                         long[][] confusion) {
    }

    private ClassificationEvaluation() {
    }

    public static Result evaluate(List<String> classes, List<? extends LabelledImage> images, float[][] probabilities,
                                  long seed) {
        int n = classes.size();
        Evaluation eval = new Evaluation(n);
        INDArray labels = SmallImageClassifier.oneHot(images, n);
        INDArray predictions = Nd4j.create(probabilities);
        eval.eval(labels, predictions);
        ROCMultiClass roc = new ROCMultiClass(0);
        roc.eval(labels, predictions);

        int[] counts = counts(images, n);
        List<PerClass> perClass = new ArrayList<>();
        long[][] confusion = new long[n][n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                confusion[k][j] = eval.getConfusionMatrix().getCount(k, j);
            }
            boolean present = counts[k] > 0 && counts[k] < images.size();
            RocCurve curve = present ? roc.getRocCurve(k) : null;
            perClass.add(new PerClass(classes.get(k), counts[k], eval.precision(k), eval.recall(k), eval.f1(k),
                    present ? roc.calculateAUC(k) : Double.NaN, present ? thin(curve.getFpr()) : new double[0],
                    present ? thin(curve.getTpr()) : new double[0]));
        }
        Scores natural = new Scores(images.size(), eval.accuracy(), macroF1(eval, counts),
                logLoss(images, probabilities));
        return new Result(List.copyOf(classes), natural, balanced(n, images, probabilities, seed), perClass, confusion);
    }

    /** Every n-th point of a curve (and its last), enough to draw it. */
    private static double[] thin(double[] curve) {
        int step = Math.max(1, curve.length / 400);
        double[] out = new double[(curve.length + step - 1) / step + 1];
        int n = 0;
        for (int i = 0; i < curve.length; i += step) {
            out[n++] = curve[i];
        }
        out[n++] = curve[curve.length - 1];
        return Arrays.copyOf(out, n);
    }

    /** Equal numbers of each class (as many as the rarest class has), drawn at random. */
    private static Scores balanced(int n, List<? extends LabelledImage> images, float[][] probabilities, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < images.size(); i++) {
            byClass.get(images.get(i).label()).add(i);
        }
        int per = byClass.stream().filter(l -> !l.isEmpty()).mapToInt(List::size).min().orElse(0);
        Random rng = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> indices : byClass) {
            Collections.shuffle(indices, rng);
            chosen.addAll(indices.subList(0, Math.min(per, indices.size())));
        }
        if (chosen.isEmpty()) {
            return new Scores(0, Double.NaN, Double.NaN, Double.NaN);
        }
        float[][] p = new float[chosen.size()][];
        List<LabelledImage> sample = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < chosen.size(); i++) {
            p[i] = probabilities[chosen.get(i)];
            sample.add(images.get(chosen.get(i)));
            correct += ImageClassifier.argmax(p[i]) == sample.get(i).label() ? 1 : 0;
        }
        Evaluation eval = new Evaluation(n);
        eval.eval(SmallImageClassifier.oneHot(sample, n), Nd4j.create(p));
        return new Scores(chosen.size(), (double) correct / chosen.size(), macroF1(eval, counts(sample, n)),
                logLoss(sample, p));
    }

    private static int[] counts(List<? extends LabelledImage> images, int n) {
        int[] counts = new int[n];
        images.forEach(i -> counts[i.label()]++);
        return counts;
    }

    /**
     * Mean F1 over the classes present in the data, a class never predicted counting 0. ND4J's own macro
     * average leaves such classes out, which flatters exactly the majority guesser it should expose.
     */
    private static double macroF1(Evaluation eval, int[] counts) {
        double sum = 0;
        int present = 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > 0) {
                double f1 = eval.f1(k);
                sum += Double.isFinite(f1) ? f1 : 0;
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /** Mean -ln p(true class), probabilities clipped at 1e-15 as in the Kaggle-style metric. */
    static double logLoss(List<? extends LabelledImage> images, float[][] probabilities) {
        double sum = 0;
        for (int i = 0; i < images.size(); i++) {
            sum -= Math.log(Math.max(1e-15, probabilities[i][images.get(i).label()]));
        }
        return images.isEmpty() ? Double.NaN : sum / images.size();
    }
}
