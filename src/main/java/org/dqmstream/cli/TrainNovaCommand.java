package org.dqmstream.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import org.dqmstream.evaluation.SignalEvaluation;
import org.dqmstream.image.ImageAutoencoder;
import org.dqmstream.image.ImageFaultStudy;
import org.dqmstream.image.ImageReference;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.NovaEvent;
import org.dqmstream.image.NovaEventGenerator;
import org.dqmstream.image.NovaFile;
import org.dqmstream.image.NumuIdentifier;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "nova", mixinStandardHelpOptions = true,
        description = "Train the NOvA image models into one bundle: the numu-CC identifier (the physics seed's CNN) "
                + "with signal and background drawn equally, reported on held-out events (ROC AUC, signal "
                + "efficiency versus background rejection, accuracy on the natural and a balanced mix, efficiency "
                + "in bins of neutrino energy, lepton energy and interaction mode, CSV and PNG); and the "
                + "detector-fault autoencoder, reported per generator fault.")
final class TrainNovaCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TrainNovaCommand.class);

    static final class Source {
        @Option(names = "--data", paramLabel = "FILE", required = true,
                description = "HDF5 file in the CVN layout (cvnmap, neutrino/{interaction,finalstate,nuenergy,lepenergy}).")
        Path data;

        @Option(names = "--generate", paramLabel = "N", required = true, description = "Generate N events instead.")
        Integer generate;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/nova",
            description = "Bundle directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--no-identifier", description = "Train only the fault autoencoder (the identifier takes "
            + "about 0.2 s per event and epoch on 2 cores).")
    boolean noIdentifier;

    @Mixin
    FaultAutoencoderOptions faults;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "out/nova",
            description = "Where CSV files and plots go (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--epochs", defaultValue = "2", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--events-per-class", defaultValue = "1000",
            description = "numu CC and other events drawn per epoch, each (default: ${DEFAULT-VALUE}).")
    int eventsPerClass;

    @Option(names = "--test-share", defaultValue = "0.3", description = "Share of events held out (default: ${DEFAULT-VALUE}).")
    double testShare;

    @Option(names = "--cut", defaultValue = "0.5", description = "Score cut for efficiencies (default: ${DEFAULT-VALUE}).")
    double cut;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        List<NovaEvent> events = new ArrayList<>(source.data != null ? NovaFile.readAll(source.data)
                : new NovaEventGenerator(seed).take(source.generate));
        Collections.shuffle(events, new Random(seed));
        int testSize = (int) Math.round(events.size() * testShare);
        List<NovaEvent> test = events.subList(0, testSize);
        List<NovaEvent> training = events.subList(testSize, events.size());
        log.info("{} events: {} training, {} test", events.size(), training.size(), test.size());
        Map<String, Double> metrics = new TreeMap<>();
        NumuIdentifier identifier = null;
        ImageReference reference = null;
        if (!noIdentifier) {
            identifier = NumuIdentifier.train(training,
                    new NumuIdentifier.Settings(epochs, eventsPerClass, 1e-3, seed), Progress.bar());
            SignalEvaluation.Result r = evaluate(identifier, test);
            System.out.print(text(r));
            write(r, report);
            metrics.put("identifier_auc", r.auc());
            metrics.put("identifier_efficiency", r.efficiency());
            metrics.put("identifier_rejection", r.rejection());
            reference = ImageReference.of(identifier.classes(),
                    identifier.probabilities(test.stream().map(NovaEvent::charges).toArray(float[][]::new)), 0);
        }
        ImageAutoencoder autoencoder = faults.trainAndReport(faultEvents(training, seed), faultEvents(test, seed + 1), ImageSource.NOVA, seed,
                report, metrics);
        ImageSourceBundle bundle = ImageSourceBundle.create(ImageSource.NOVA, identifier, reference, autoencoder, metrics);
        bundle.save(out);
        System.out.println("NOvA bundle " + bundle.version() + " written to " + out + ", report to " + report);
        return 0;
    }

    /**
     * Events for the fault autoencoder: fresh generated ones when the events are generated (lumisections
     * then never share events), the given ones in turn otherwise.
     */
    private Supplier<float[]> faultEvents(List<NovaEvent> events, long stream) {
        if (source.generate != null) {
            NovaEventGenerator generator = new NovaEventGenerator(seed * 1_000 + stream);
            return () -> generator.take(1).get(0).charges();
        }
        return ImageFaultStudy.cycling(events.stream().map(NovaEvent::charges).toList(), stream);
    }

    private SignalEvaluation.Result evaluate(NumuIdentifier identifier, List<NovaEvent> test) {
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

    static String text(SignalEvaluation.Result r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "numu CC identifier on %d signal and %d background events: AUC %.3f; at cut %.2f efficiency %.3f, "
                        + "background rejection %.3f, accuracy %.3f (balanced mix %.3f)%n", r.signal(), r.background(),
                r.auc(), r.cut(), r.efficiency(), r.rejection(), r.accuracy(), r.balancedAccuracy()));
        r.bins().forEach(bin -> b.append(String.format(Locale.ROOT, "  efficiency %-9s %-12s %5d signal events: %.3f%n",
                bin.variable(), bin.bin(), bin.signal(), bin.efficiency())));
        return b.toString();
    }

    private static void write(SignalEvaluation.Result r, Path dir) throws Exception {
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
