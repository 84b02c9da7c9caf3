package org.dqmstream.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.evaluation.curves.RocCurve;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Quality of a signal identifier (e.g. numu CC against everything else): ROC AUC, signal efficiency
 * against background rejection, accuracy on the natural and on a balanced mix, and signal efficiency in
 * bins of truth metadata (neutrino energy, lepton energy, interaction mode) at a cut.
 */
public final class SignalEvaluation {

    /** One labelled event: its identifier score, whether it is signal, and its truth metadata. */
    public record Event(double score, boolean signal, Map<String, String> metadata) {
    }

    /** @param efficiency share of the bin's signal events above the cut */
    public record Bin(String variable, String bin, int signal, double efficiency) {
    }

    /**
     * @param balancedAccuracy mean of signal efficiency and background rejection: the accuracy on a
     *                         mix with as much signal as background
     */
    public record Result(int signal, int background, double auc, double cut, double efficiency, double rejection,
                         double accuracy, double balancedAccuracy, double[] curveEfficiency,
                         double[] curveRejection, List<Bin> bins) {
    }

    /**
     * A metadata variable and how its value falls into a named bin (null: not binned).
     *
     * @param order bins in reporting order; null to report them alphabetically
     */
    public record Binning(String variable, Function<Map<String, String>, String> bin, List<String> order) {
        Comparator<String> comparator() {
            return order == null ? Comparator.naturalOrder() : Comparator.comparingInt(order::indexOf);
        }
    }

    private SignalEvaluation() {
    }

    public static Result evaluate(List<Event> events, double cut, List<Binning> binnings) {
        int signal = (int) events.stream().filter(Event::signal).count();
        int background = events.size() - signal;
        if (signal == 0 || background == 0) {
            throw new IllegalArgumentException("need signal and background events, got " + signal + " and " + background);
        }
        double[][] labels = new double[events.size()][1];
        double[][] scores = new double[events.size()][1];
        int tp = 0, tn = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            labels[i][0] = e.signal() ? 1 : 0;
            scores[i][0] = e.score();
            boolean accepted = e.score() >= cut;
            tp += e.signal() && accepted ? 1 : 0;
            tn += !e.signal() && !accepted ? 1 : 0;
        }
        ROC roc = new ROC(0);
        roc.eval(Nd4j.create(labels), Nd4j.create(scores));
        RocCurve curve = roc.getRocCurve();
        double[] rejection = new double[curve.getFpr().length];
        for (int i = 0; i < rejection.length; i++) {
            rejection[i] = 1 - curve.getFpr()[i];
        }
        double efficiency = (double) tp / signal;
        double backgroundRejection = (double) tn / background;
        return new Result(signal, background, roc.calculateAUC(), cut, efficiency, backgroundRejection,
                (double) (tp + tn) / events.size(), (efficiency + backgroundRejection) / 2, curve.getTpr(), rejection,
                bins(events, cut, binnings));
    }

    private static List<Bin> bins(List<Event> events, double cut, List<Binning> binnings) {
        List<Bin> out = new ArrayList<>();
        for (Binning b : binnings) {
            Map<String, int[]> counts = new LinkedHashMap<>();
            events.stream().filter(Event::signal).forEach(e -> {
                String bin = b.bin().apply(e.metadata());
                if (bin != null) {
                    int[] c = counts.computeIfAbsent(bin, k -> new int[2]);
                    c[0]++;
                    c[1] += e.score() >= cut ? 1 : 0;
                }
            });
            counts.entrySet().stream().sorted(Map.Entry.comparingByKey(b.comparator())).forEach(
                    en -> out.add(new Bin(b.variable(), en.getKey(), en.getValue()[0],
                            (double) en.getValue()[1] / en.getValue()[0])));
        }
        return out;
    }

    /** Bins a numeric metadata value by edges: "[lo, hi)", the last bin open-ended. */
    public static Binning byEdges(String variable, double... edges) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < edges.length; i++) {
            labels.add(i == edges.length - 1 ? String.format(Locale.ROOT, ">= %.1f", edges[i])
                    : String.format(Locale.ROOT, "[%.1f, %.1f)", edges[i], edges[i + 1]));
        }
        return new Binning(variable, metadata -> {
            String raw = metadata.get(variable);
            if (raw == null) {
                return null;
            }
            double v = Double.parseDouble(raw);
            for (int i = edges.length - 1; i >= 0; i--) {
                if (v >= edges[i]) {
                    return labels.get(i);
                }
            }
            return null;
        }, List.copyOf(labels));
    }

    /** Bins by a categorical metadata value as it is. */
    public static Binning byValue(String variable) {
        return new Binning(variable, metadata -> metadata.get(variable), null);
    }
}
