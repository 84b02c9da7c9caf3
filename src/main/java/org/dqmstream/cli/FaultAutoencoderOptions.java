package org.dqmstream.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.dqmstream.image.ImageAutoencoder;
import org.dqmstream.image.ImageFaultStudy;
import org.dqmstream.image.ImageSource;
import picocli.CommandLine.Option;

/** Options of the detector-fault autoencoder every image source trains, and its report. */
final class FaultAutoencoderOptions {
    @Option(names = "--fault-lumisections", defaultValue = "700",
            description = "Healthy lumisections drawn from the training events for the fault autoencoder "
                    + "(default: ${DEFAULT-VALUE}).")
    int lumisections;

    @Option(names = "--events-per-lumisection", defaultValue = "100",
            description = "Events per drawn lumisection; the stream's lumisections should have at least this many "
                    + "(default: ${DEFAULT-VALUE}).")
    int eventsPerLumisection;

    @Option(names = "--fault-epochs", defaultValue = "60", description = "Fault autoencoder epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    /**
     * Trains on lumisections drawn from {@code training}, measures each generator fault on {@code heldOut}, prints and writes
     * {@code faults.csv} under {@code report}, and adds the figures to {@code metrics}.
     */
    ImageAutoencoder trainAndReport(Supplier<float[]> training, Supplier<float[]> heldOut, ImageSource source, long seed,
                                    Path report, Map<String, Double> metrics) throws Exception {
        ImageAutoencoder autoencoder = ImageFaultStudy.train(training, source,
                new ImageFaultStudy.Settings(lumisections, eventsPerLumisection, epochs, seed), Progress.bar());
        report(autoencoder, heldOut, source, eventsPerLumisection, seed + 1, report, metrics);
        return autoencoder;
    }

    /**
     * Measures each generator fault on lumisections of {@code eventsPerLumisection} events drawn from
     * {@code heldOut}, prints the table and writes {@code faults.csv}, and adds the figures to {@code metrics}.
     */
    static void report(ImageAutoencoder autoencoder, Supplier<float[]> heldOut, ImageSource source,
                       int eventsPerLumisection, long seed, Path report, Map<String, Double> metrics) throws Exception {
        List<ImageFaultStudy.Row> rows = ImageFaultStudy.evaluate(autoencoder, heldOut, source, 100,
                eventsPerLumisection, seed);
        System.out.println("Fault autoencoder on held-out " + source.id() + " lumisections of " + eventsPerLumisection
                + " events, each fault at a random place (flagged = WARNING or BAD):");
        System.out.println(ImageFaultStudy.header());
        rows.forEach(System.out::println);
        Files.createDirectories(report);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(report.resolve("faults.csv")))) {
            w.println("fault,lumisections,flagged,bad,signature_named");
            rows.forEach(r -> w.printf(Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f%n", r.name(), r.lumisections(), r.flagged(),
                    r.bad(), r.signatureNamed()));
        }
        rows.forEach(r -> metrics.put("faults_flagged_" + r.name(), r.flagged()));
    }
}
