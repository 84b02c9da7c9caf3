package org.dqmstream.evaluation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A classifier's test figures as text and CSV, twice: as trained (posteriors under equal class priors,
 * what a class-balanced training gives) and prior-corrected (moved to the natural class mix, as deployed).
 */
public final class ClassificationReport {
    private ClassificationReport() {
    }

    public static String text(ClassificationEvaluation.Result asTrained, ClassificationEvaluation.Result corrected) {
        StringBuilder b = new StringBuilder();
        scores(b, "Test set, natural mix, as trained:     ", asTrained.natural());
        scores(b, "Test set, natural mix, prior-corrected:", corrected.natural());
        scores(b, "Test set, class-balanced, as trained:  ", asTrained.balanced());
        b.append(String.format(Locale.ROOT, "As trained: %n%-9s %8s %9s %7s %6s %6s%n", "class", "images", "precision",
                "recall", "F1", "AUC"));
        for (var c : asTrained.perClass()) {
            b.append(String.format(Locale.ROOT, "%-9s %8d %9.3f %7.3f %6.3f %6.3f%n", c.name(), c.images(), c.precision(),
                    c.recall(), c.f1(), c.auc()));
        }
        confusion(b, "as trained", asTrained);
        confusion(b, "prior-corrected", corrected);
        return b.toString();
    }

    private static void scores(StringBuilder b, String label, ClassificationEvaluation.Scores s) {
        b.append(String.format(Locale.ROOT, "%s %d images, accuracy %.3f, macro-F1 %.3f, log loss %.3f%n", label,
                s.images(), s.accuracy(), s.macroF1(), s.logLoss()));
    }

    private static void confusion(StringBuilder b, String label, ClassificationEvaluation.Result r) {
        b.append("Confusion, ").append(label).append(" (rows true, columns predicted): ").append(r.classes()).append('\n');
        for (int i = 0; i < r.confusion().length; i++) {
            b.append(String.format(Locale.ROOT, "%-9s %s%n", r.classes().get(i), Arrays.toString(r.confusion()[i])));
        }
    }

    /**
     * per_class.csv, summary.csv, confusion.csv and confusion_prior_corrected.csv in {@code dir}, with
     * roc.png (one-vs-rest ROC per class) and confusion.png (rows normalized to the true class).
     */
    public static void write(ClassificationEvaluation.Result asTrained, ClassificationEvaluation.Result corrected,
                             Path dir) throws IOException {
        Files.createDirectories(dir);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("per_class.csv")))) {
            w.println("class,images,precision,recall,f1,auc");
            asTrained.perClass().forEach(c -> w.printf(Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f,%.4f%n", c.name(), c.images(),
                    c.precision(), c.recall(), c.f1(), c.auc()));
        }
        writeConfusion(asTrained, dir.resolve("confusion.csv"));
        plotRoc(asTrained, dir.resolve("roc.png"));
        plotConfusion(asTrained, dir.resolve("confusion.png"));
        writeConfusion(corrected, dir.resolve("confusion_prior_corrected.csv"));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("summary.csv")))) {
            w.println("mix,priors,images,accuracy,macro_f1,log_loss");
            for (SummaryRow row : List.of(new SummaryRow("natural", "as-trained", asTrained.natural()),
                    new SummaryRow("natural", "corrected", corrected.natural()),
                    new SummaryRow("balanced", "as-trained", asTrained.balanced()),
                    new SummaryRow("balanced", "corrected", corrected.balanced()))) {
                var s = row.scores();
                w.printf(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.4f%n", row.mix(), row.priors(), s.images(), s.accuracy(),
                        s.macroF1(), s.logLoss());
            }
        }
    }

    private static void plotRoc(ClassificationEvaluation.Result r, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(600).title("One-vs-rest ROC per class (as trained)")
                .xAxisTitle("false positive rate").yAxisTitle("true positive rate").build();
        for (var c : r.perClass()) {
            if (c.falsePositiveRate().length > 1) {
                chart.addSeries(String.format(Locale.ROOT, "%s (AUC %.3f)", c.name(), c.auc()), c.falsePositiveRate(),
                        c.truePositiveRate()).setMarker(SeriesMarkers.NONE);
            }
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void plotConfusion(ClassificationEvaluation.Result r, Path file) throws IOException {
        int n = r.classes().size();
        HeatMapChart chart = new HeatMapChartBuilder().width(700).height(600)
                .title("Confusion (share of each true class, as trained)").xAxisTitle("predicted").yAxisTitle("true")
                .build();
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            long total = Arrays.stream(r.confusion()[t]).sum();
            for (int p = 0; p < n; p++) {
                cells.add(new Number[] {p, t, total == 0 ? 0.0 : (double) r.confusion()[t][p] / total});
            }
        }
        chart.addSeries("share", r.classes(), r.classes(), cells);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private record SummaryRow(String mix, String priors, ClassificationEvaluation.Scores scores) {
    }

    private static void writeConfusion(ClassificationEvaluation.Result r, Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("true\\predicted," + String.join(",", r.classes()));
            for (int i = 0; i < r.confusion().length; i++) {
                w.println(r.classes().get(i) + "," + String.join(",",
                        Arrays.stream(r.confusion()[i]).mapToObj(Long::toString).toList()));
            }
        }
    }
}
