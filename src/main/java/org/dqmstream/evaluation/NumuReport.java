package org.dqmstream.evaluation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dqmstream.image.NovaEvent;
import org.dqmstream.image.NumuIdentifier;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The numu-CC identifier's test figures as text, CSV and PNG, for `train nova` and `evaluate nova`. */
public final class NumuReport {
    private NumuReport() {
    }

    /** The identifier's scores on labelled events, with efficiency by neutrino energy, lepton energy and mode. */
    public static SignalEvaluation.Result evaluate(NumuIdentifier identifier, List<NovaEvent> test, double cut) {
        double[] scores = identifier.scores(test);
        List<SignalEvaluation.Event> labelled = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            NovaEvent e = test.get(i);
            String mode = e.interaction().mode();
            labelled.add(new SignalEvaluation.Event(scores[i], e.interaction().isNumuCC(), Map.of(
                    "nuenergy", Float.toString(e.neutrinoEnergy()), "lepenergy", Float.toString(e.leptonEnergy()),
                    "mode", mode == null ? "none" : mode)));
        }
        return SignalEvaluation.evaluate(labelled, cut, List.of(
                SignalEvaluation.byEdges("nuenergy", 0, 1, 2, 3, 5), SignalEvaluation.byEdges("lepenergy", 0, 0.5, 1, 2, 4),
                SignalEvaluation.byValue("mode")));
    }

    public static String text(SignalEvaluation.Result r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "numu CC identifier on %d signal and %d background events: AUC %.3f; at cut %.2f efficiency %.3f, "
                        + "background rejection %.3f, accuracy %.3f (balanced mix %.3f)%n", r.signal(), r.background(),
                r.auc(), r.cut(), r.efficiency(), r.rejection(), r.accuracy(), r.balancedAccuracy()));
        r.bins().forEach(bin -> b.append(String.format(Locale.ROOT, "  efficiency %-9s %-12s %5d signal events: %.3f%n",
                bin.variable(), bin.bin(), bin.signal(), bin.efficiency())));
        return b.toString();
    }

    /** summary.csv, efficiency_bins.csv, efficiency_vs_rejection.png and efficiency_by_*.png in {@code dir}. */
    public static void write(SignalEvaluation.Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("summary.csv")))) {
            w.println("signal,background,auc,cut,efficiency,rejection,accuracy,balanced_accuracy");
            w.printf(Locale.ROOT, "%d,%d,%.4f,%.3f,%.4f,%.4f,%.4f,%.4f%n", r.signal(), r.background(), r.auc(), r.cut(),
                    r.efficiency(), r.rejection(), r.accuracy(), r.balancedAccuracy());
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("efficiency_bins.csv")))) {
            w.println("variable,bin,signal_events,efficiency");
            r.bins().forEach(b -> w.printf(Locale.ROOT, "%s,%s,%d,%.4f%n", b.variable(), b.bin(), b.signal(),
                    b.efficiency()));
        }
        XYChart curve = new XYChartBuilder().width(800).height(600).title("numu CC: efficiency vs background rejection")
                .xAxisTitle("signal efficiency").yAxisTitle("background rejection").build();
        curve.addSeries(String.format(Locale.ROOT, "AUC %.3f", r.auc()), r.curveEfficiency(), r.curveRejection())
                .setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(curve, dir.resolve("efficiency_vs_rejection.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        for (String variable : List.of("nuenergy", "lepenergy", "mode")) {
            List<SignalEvaluation.Bin> bins = r.bins().stream().filter(b -> b.variable().equals(variable)).toList();
            if (bins.isEmpty()) {
                continue;
            }
            CategoryChart chart = new CategoryChartBuilder().width(800).height(500)
                    .title("numu CC efficiency at cut " + r.cut() + " by " + variable).xAxisTitle(variable)
                    .yAxisTitle("efficiency").build();
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
            chart.addSeries("efficiency", bins.stream().map(SignalEvaluation.Bin::bin).toList(),
                    bins.stream().map(SignalEvaluation.Bin::efficiency).toList());
            BitmapEncoder.saveBitmap(chart, dir.resolve("efficiency_by_" + variable + ".png").toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
