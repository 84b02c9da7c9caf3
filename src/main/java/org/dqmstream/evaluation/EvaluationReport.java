package org.dqmstream.evaluation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.FlagLevel;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes an evaluation as text, CSV files and PNG plots. */
public final class EvaluationReport {
    private EvaluationReport() {
    }

    public static String text(ModelBundle bundle, LumisectionEvaluation.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Model %s on %d lumisections (%d bad for some subsystem)%n",
                bundle.version(), r.lumisections(), r.badLumisections()));
        b.append("FAR: share of the subsystem's good lumisections flagged; clean FAR: of those good for all, with "
                + "its 95% interval.\n");
        b.append("AUC: of the flags (autoencoder, statistical peer and run context as shipped); AE, peer: of each "
                + "detector's score alone.\n");
        b.append(String.format(Locale.ROOT, "%-8s %5s %6s %6s %6s  %-36s  %-36s%n", "", "bad", "AUC", "AE", "peer",
                "WARNING eff/FAR/clean [95%]", "BAD eff/FAR/clean [95%]"));
        for (var s : r.subsystems()) {
            b.append(String.format(Locale.ROOT, "%-8s %5d %6.3f %6.3f %6.3f  %6.3f %6.3f %s    %6.3f %6.3f %s%n",
                    s.subsystem(), s.bad(), s.auc(), s.autoencoderAuc(), s.peerAuc(), s.atWarning().efficiency(),
                    s.atWarning().falseAlarmRate(),
                    withInterval(s.atWarning().cleanFalseAlarm()), s.atBad().efficiency(), s.atBad().falseAlarmRate(),
                    withInterval(s.atBad().cleanFalseAlarm())));
        }
        b.append(String.format(Locale.ROOT, "Auto-certifiable GOOD at <= %.1f%% pollution: %.1f%% of lumisections "
                + "(pollution %.2f%%)%n", 100 * r.maxPollution(), 100 * r.autoCertifiedFraction(), 100 * r.pollution()));
        return b.toString();
    }

    public static void write(LumisectionEvaluation.Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> subsystems = r.subsystems().stream().map(LumisectionEvaluation.SubsystemResult::subsystem).toList();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("auc_matrix.csv")))) {
            w.println("channel_group," + String.join(",", subsystems));
            r.aucByGroup().forEach((group, row) -> w.println(group + "," + String.join(",",
                    subsystems.stream().map(s -> format(row.get(s))).toList())));
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("subsystems.csv")))) {
            w.println("subsystem,bad,good,auc,warning_efficiency,warning_false_alarm_rate,warning_clean_false_alarm_rate,"
                    + "bad_efficiency,bad_false_alarm_rate,bad_clean_false_alarm_rate,warning_clean_false_alarm_low,"
                    + "warning_clean_false_alarm_high,bad_clean_false_alarm_low,bad_clean_false_alarm_high,"
                    + "auc_autoencoder,auc_statistical_peer");
            for (var s : r.subsystems()) {
                Rate warning = s.atWarning().cleanFalseAlarm(), bad = s.atBad().cleanFalseAlarm();
                w.println(String.join(",", s.subsystem(), Integer.toString(s.bad()), Integer.toString(s.good()),
                        format(s.auc()), format(s.atWarning().efficiency()), format(s.atWarning().falseAlarmRate()),
                        format(warning.rate()), format(s.atBad().efficiency()), format(s.atBad().falseAlarmRate()),
                        format(bad.rate()), format(warning.low()), format(warning.high()), format(bad.low()),
                        format(bad.high()), format(s.autoencoderAuc()), format(s.peerAuc())));
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("summary.csv")))) {
            w.println("lumisections,bad_lumisections,max_pollution,auto_certified_fraction,pollution");
            w.println(r.lumisections() + "," + r.badLumisections() + "," + format(r.maxPollution()) + ","
                    + format(r.autoCertifiedFraction()) + "," + format(r.pollution()));
        }
        writeLumisections(r, dir.resolve("lumisections.csv"));
        BitmapEncoder.saveBitmap(aucHeatMap(r, subsystems), dir.resolve("auc_matrix.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(rocCurves(r), dir.resolve("roc_curves.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * One row per lumisection, for an expert looking at the misses: per subsystem its score, level, label
     * (bad or good by the certification) and which detector set the level.
     */
    private static void writeLumisections(LumisectionEvaluation.Result r, Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            StringBuilder header = new StringBuilder("run,lumisection");
            for (var s : r.subsystems()) {
                String n = s.subsystem();
                header.append(',').append(n).append("_score,").append(n).append("_level,").append(n).append("_label,")
                        .append(n).append("_detector");
            }
            w.println(header);
            for (int i = 0; i < r.lumisections(); i++) {
                StringBuilder row = new StringBuilder().append(r.ids().get(i).run()).append(',')
                        .append(r.ids().get(i).lumisection());
                for (var s : r.subsystems()) {
                    row.append(',').append(format(s.scores()[i])).append(',')
                            .append(s.levels()[i]).append(',')
                            .append(s.labelBad()[i] ? "bad" : "good").append(',').append(s.detectors()[i]);
                }
                w.println(row);
            }
        }
    }

    /**
     * {@link #write} plus, in the same directory, the efficiency-versus-rejection and score-distribution
     * plots and one HTML page of it all ({@link HtmlReport}).
     */
    public static Path writeHtml(ModelBundle bundle, LumisectionEvaluation.Result r, Path dir) throws IOException {
        write(r, dir);
        BitmapEncoder.saveBitmap(efficiencyVersusRejection(r), dir.resolve("efficiency_rejection.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        List<HtmlReport.Plot> plots = new ArrayList<>(List.of(
                new HtmlReport.Plot("roc_curves.png", "ROC of each subsystem's score against its labels"),
                new HtmlReport.Plot("auc_matrix.png", "ROC AUC of each channel group against each subsystem"),
                new HtmlReport.Plot("efficiency_rejection.png", "Signal (bad) efficiency versus background (good) "
                        + "rejection")));
        List<List<String>> confusion = new ArrayList<>();
        for (var s : r.subsystems()) {
            String file = "scores_" + s.subsystem() + ".png";
            BitmapEncoder.saveBitmap(scoreDistribution(s), dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
            plots.add(new HtmlReport.Plot(file, s.subsystem() + ": scores of good and bad lumisections, with the "
                    + "WARNING and BAD thresholds"));
            int[] c = confusionAtBad(s);
            confusion.add(List.of(s.subsystem(), Integer.toString(c[0]), Integer.toString(c[1]), Integer.toString(c[2]),
                    Integer.toString(c[3])));
        }
        double meanAuc = r.subsystems().stream().mapToDouble(LumisectionEvaluation.SubsystemResult::auc)
                .filter(a -> !Double.isNaN(a)).average().orElse(Double.NaN);
        HtmlReport.Table headline = new HtmlReport.Table("Headline figures", List.of("figure", "value"), List.of(
                List.of("model version", bundle.version()),
                List.of("lumisections evaluated", Integer.toString(r.lumisections())),
                List.of("bad for some subsystem", Integer.toString(r.badLumisections())),
                List.of("mean subsystem ROC AUC", format(meanAuc)),
                List.of("lowest subsystem ROC AUC", r.subsystems().stream().filter(s -> !Double.isNaN(s.auc()))
                        .sorted(Comparator.comparingDouble(LumisectionEvaluation.SubsystemResult::auc))
                        .limit(3).map(s -> s.subsystem() + " " + String.format(Locale.ROOT, "%.3f", s.auc()))
                        .collect(Collectors.joining(", "))),
                List.of("auto-certified GOOD at <= " + format(r.maxPollution()) + " pollution",
                        format(r.autoCertifiedFraction())),
                List.of("pollution of the auto-certified", format(r.pollution()))));
        List<List<String>> perSubsystem = r.subsystems().stream().map(s -> List.of(s.subsystem(),
                Integer.toString(s.bad()), Integer.toString(s.good()), format(s.auc()), format(s.autoencoderAuc()),
                format(s.peerAuc()), format(s.atWarning().efficiency()), format(s.atWarning().falseAlarmRate()),
                format(s.atBad().efficiency()), format(s.atBad().falseAlarmRate()),
                withInterval(s.atBad().cleanFalseAlarm()).trim())).toList();
        return HtmlReport.write(dir, "Lumisection model " + bundle.version(), text(bundle, r), headline, List.of(
                new HtmlReport.Table("Per subsystem", List.of("subsystem", "bad", "good", "AUC",
                        "AUC autoencoder alone", "AUC statistical peer alone", "WARNING efficiency",
                        "WARNING false-alarm rate", "BAD efficiency", "BAD false-alarm rate",
                        "BAD clean false-alarm rate [95% interval]"), perSubsystem),
                new HtmlReport.Table("Confusion at the BAD threshold", List.of("subsystem", "bad flagged BAD",
                        "bad not flagged BAD", "good flagged BAD", "good not flagged BAD"), confusion)), plots);
    }

    /** {bad flagged, bad missed, good flagged, good passed} at the BAD threshold. */
    private static int[] confusionAtBad(LumisectionEvaluation.SubsystemResult s) {
        int[] c = new int[4];
        for (int i = 0; i < s.scores().length; i++) {
            boolean flagged = s.levels()[i] == FlagLevel.BAD;
            c[(s.labelBad()[i] ? 0 : 2) + (flagged ? 0 : 1)]++;
        }
        return c;
    }

    private static XYChart scoreDistribution(LumisectionEvaluation.SubsystemResult s) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(s.subsystem() + " score")
                .xAxisTitle("margin past the BAD threshold (score or run deviation, log E/E_mean)").yAxisTitle("share of lumisections").build();
        double[] finite = Arrays.stream(s.scores()).filter(Double::isFinite).toArray();
        double min = Arrays.stream(finite).min().orElse(0), max = Arrays.stream(finite).max().orElse(1);
        min = Math.min(min, s.thresholds().warning());
        max = Math.max(max, s.thresholds().bad()) + 1e-6;
        double top = 0;
        for (boolean bad : new boolean[] {false, true}) {
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < s.scores().length; i++) {
                if (s.labelBad()[i] == bad) {
                    values.add(Math.min(s.scores()[i], max)); // stale readout (+infinity) in the top bin
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            Histogram h = new Histogram(values, 40, min, max);
            List<Double> shares = h.getyAxisData().stream().map(v -> v / values.size()).toList();
            top = Math.max(top, shares.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            chart.addSeries((bad ? "bad" : "good") + " (" + values.size() + ")", h.getxAxisData(), shares)
                    .setMarker(SeriesMarkers.NONE);
        }
        for (var t : List.of(Map.entry("WARNING", s.thresholds().warning()), Map.entry("BAD", s.thresholds().bad()))) {
            chart.addSeries(t.getKey() + " threshold", new double[] {t.getValue(), t.getValue()},
                    new double[] {0, Math.max(top, 1e-3)}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static XYChart efficiencyVersusRejection(LumisectionEvaluation.Result r) {
        XYChart chart = new XYChartBuilder().width(1000).height(800)
                .title("Efficiency versus background rejection").xAxisTitle("efficiency (bad lumisections flagged)")
                .yAxisTitle("background rejection (good lumisections not flagged)").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        for (var s : r.subsystems()) {
            if (s.roc() == null) {
                continue;
            }
            double[] rejection = Arrays.stream(s.roc().getFpr()).map(f -> 1 - f).toArray();
            chart.addSeries(s.subsystem(), s.roc().getTpr(), rejection).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Subsystems with bad lumisections only (an AUC needs both classes); a cell without data stays empty. */
    private static HeatMapChart aucHeatMap(LumisectionEvaluation.Result r, List<String> all) {
        List<String> subsystems = all.stream().filter(name -> r.subsystems().stream()
                .anyMatch(s -> s.subsystem().equals(name) && s.bad() > 0)).toList();
        List<String> groups = new ArrayList<>(r.aucByGroup().keySet());
        HeatMapChart chart = new HeatMapChartBuilder().width(1200).height(700)
                .title("ROC AUC of each channel-group score against each subsystem's labels")
                .xAxisTitle("subsystem").yAxisTitle("channel group").build();
        chart.getStyler().setShowValue(true).setMin(0.5).setMax(1.0).setPlotContentSize(1.0);
        chart.getStyler().setRangeColors(new java.awt.Color[] {java.awt.Color.WHITE, new java.awt.Color(255, 200, 80),
                new java.awt.Color(200, 30, 30)});
        List<Number[]> cells = new ArrayList<>();
        for (int y = 0; y < groups.size(); y++) {
            Map<String, Double> row = r.aucByGroup().get(groups.get(y));
            for (int x = 0; x < subsystems.size(); x++) {
                Double auc = row.get(subsystems.get(x));
                if (auc != null && !auc.isNaN()) {
                    cells.add(new Number[] {x, y, Math.round(auc * 100) / 100.0});
                }
            }
        }
        chart.addSeries("AUC", subsystems, groups, cells);
        return chart;
    }

    private static XYChart rocCurves(LumisectionEvaluation.Result r) {
        XYChart chart = new XYChartBuilder().width(1000).height(800)
                .title("ROC of the subsystem scores").xAxisTitle("false-alarm rate (good flagged)")
                .yAxisTitle("efficiency (bad flagged)").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        for (var s : r.subsystems()) {
            if (s.roc() == null) {
                continue;
            }
            chart.addSeries(String.format(Locale.ROOT, "%s (AUC %.3f)", s.subsystem(), s.auc()),
                    s.roc().getFpr(), s.roc().getTpr()).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** A rate and its 95% interval, e.g. {@code 0.012 [0.008, 0.018]}. */
    private static String withInterval(Rate r) {
        return Double.isNaN(r.rate()) ? String.format(Locale.ROOT, "%-22s", "")
                : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", r.rate(), r.low(), r.high());
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
