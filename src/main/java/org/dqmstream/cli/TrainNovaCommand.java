package org.dqmstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import org.dqmstream.evaluation.NumuReport;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "nova", mixinStandardHelpOptions = true,
        description = "Train the NOvA image models into one bundle: the numu-CC identifier (NOvA CVN's CNN) "
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

        List<NovaEvent> load(long seed) throws IOException {
            return data != null ? NovaFile.readAll(data) : new NovaEventGenerator(seed).take(generate);
        }
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
        List<NovaEvent> events = new ArrayList<>(source.load(seed));
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
            SignalEvaluation.Result r = NumuReport.evaluate(identifier, test, cut);
            System.out.print(NumuReport.text(r));
            NumuReport.write(r, report);
            metrics.put("identifier_auc", r.auc());
            metrics.put("identifier_efficiency", r.efficiency());
            metrics.put("identifier_rejection", r.rejection());
            reference = ImageReference.of(identifier.classes(),
                    identifier.probabilities(test.stream().map(NovaEvent::charges).toArray(float[][]::new)), 0);
        }
        ImageAutoencoder autoencoder = faults.trainAndReport(faultEvents(training, seed), faultEvents(test, seed + 1), ImageSource.NOVA, seed,
                report, metrics);
        ImageSourceBundle bundle = ImageSourceBundle.create(ImageSource.NOVA, identifier, reference, autoencoder, metrics,
                training.stream().map(NovaEvent::charges).toList());
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
}
