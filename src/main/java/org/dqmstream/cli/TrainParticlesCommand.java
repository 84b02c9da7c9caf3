package org.dqmstream.cli;

import java.util.Arrays;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.dqmstream.evaluation.ClassificationEvaluation;
import org.dqmstream.image.EventSplit;
import org.dqmstream.image.ImageReference;
import org.dqmstream.image.ImageAutoencoder;
import org.dqmstream.image.ImageFaultStudy;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.ParticleClassifier;
import org.dqmstream.image.ParticleImage;
import org.dqmstream.image.ParticleImageCsv;
import org.dqmstream.image.ParticleImageGenerator;
import org.dqmstream.image.ParticleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "particles", mixinStandardHelpOptions = true,
        description = "Train the particle-image models into one bundle: the particle-type classifier for 10x10 track "
                + "images with type-balanced sampling, split by event into training, validation and test sets, "
                + "refused if it never recognizes some type, and reported per type (precision, recall, F1, AUC), "
                + "as macro-F1, log loss and confusion matrix on the natural mix (also prior-corrected) and on a "
                + "type-balanced subsample; and the detector-fault autoencoder, reported per generator fault.")
final class TrainParticlesCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TrainParticlesCommand.class);

    static final class Source {
        @Option(names = "--data", paramLabel = "FILE", required = true,
                description = "CSV or CSV.gz with p0..p99, pdg (or label) and optionally event, e.g. "
                        + "../shared/data/cirta/particles.csv.gz")
        Path data;

        @Option(names = "--generate", paramLabel = "N", required = true,
                description = "Generate N images in the real type mix instead of reading a file.")
        Integer generate;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/particles",
            description = "Bundle directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "out/particles",
            description = "Where the evaluation CSV files go (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--epochs", defaultValue = "6", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--images-per-type", defaultValue = "4000",
            description = "Images of each type drawn per epoch (default: ${DEFAULT-VALUE}).")
    int imagesPerType;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of split and training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    FaultAutoencoderOptions faults;

    @Override
    public Integer call() throws Exception {
        List<ParticleImage> images = source.data != null ? ParticleImageCsv.read(source.data)
                : new ParticleImageGenerator(seed, 3000).take(source.generate);
        EventSplit split = EventSplit.of(images, 0.7, 0.15, seed);
        log.info("{} images: {} training, {} validation, {} test (split by event)", images.size(),
                split.training().size(), split.validation().size(), split.test().size());
        ParticleClassifier classifier = ParticleClassifier.train(split.training(), split.validation(),
                new ParticleClassifier.Settings(epochs, imagesPerType, 1e-3, seed), Progress.bar());
        ClassificationEvaluation.Result result = ClassificationEvaluation.evaluate(split.test(),
                classifier.probabilities(split.test()), seed);
        ImageReference reference = ImageReference.of(classifier.classes(), classifier.probabilities(split.validation()),
                classifier.scoredClass());
        System.out.print(text(result));
        write(result, report);
        Map<String, Double> metrics = new TreeMap<>(Map.of("test_macro_f1", result.natural().macroF1(),
                "test_log_loss_balanced", result.balanced().logLoss()));
        ImageAutoencoder autoencoder = faults.trainAndReport(
                ImageFaultStudy.cycling(charges(split.training()), seed), ImageFaultStudy.cycling(charges(split.test()), seed),
                ImageSource.PARTICLES, seed, report, metrics);
        ImageSourceBundle bundle = ImageSourceBundle.create(ImageSource.PARTICLES, classifier, reference, autoencoder,
                metrics);
        bundle.save(out);
        System.out.println("Particle bundle " + bundle.version() + " written to " + out + ", report to " + report);
        return 0;
    }

    private static List<float[]> charges(List<ParticleImage> images) {
        return images.stream().map(ParticleImage::charges).toList();
    }

    static String text(ClassificationEvaluation.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Test set, natural mix:  %d images, accuracy %.3f, macro-F1 %.3f, log loss %.3f%n",
                r.natural().images(), r.natural().accuracy(), r.natural().macroF1(), r.natural().logLoss()));
        b.append(String.format(Locale.ROOT, "Test set, type-balanced: %d images, accuracy %.3f, macro-F1 %.3f, log loss %.3f%n",
                r.balanced().images(), r.balanced().accuracy(), r.balanced().macroF1(), r.balanced().logLoss()));
        b.append(String.format(Locale.ROOT, "%-9s %8s %9s %7s %6s %6s%n", "type", "images", "precision", "recall", "F1", "AUC"));
        for (var t : r.perType()) {
            b.append(String.format(Locale.ROOT, "%-9s %8d %9.3f %7.3f %6.3f %6.3f%n", t.type(), t.images(), t.precision(),
                    t.recall(), t.f1(), t.auc()));
        }
        b.append("confusion (rows true, columns predicted): ").append(Arrays.toString(ParticleType.values()))
                .append('\n');
        for (int i = 0; i < r.confusion().length; i++) {
            b.append(String.format(Locale.ROOT, "%-9s %s%n", ParticleType.values()[i],
                    Arrays.toString(r.confusion()[i])));
        }
        return b.toString();
    }

    private static void write(ClassificationEvaluation.Result r, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("per_type.csv")))) {
            w.println("type,pdg,images,precision,recall,f1,auc");
            r.perType().forEach(t -> w.printf(Locale.ROOT, "%s,%d,%d,%.4f,%.4f,%.4f,%.4f%n", t.type(), t.type().pdg(),
                    t.images(), t.precision(), t.recall(), t.f1(), t.auc()));
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("confusion.csv")))) {
            w.println("true\\predicted," + String.join(",", ParticleType.names()));
            for (int i = 0; i < r.confusion().length; i++) {
                w.println(ParticleType.values()[i] + "," + String.join(",",
                        Arrays.stream(r.confusion()[i]).mapToObj(Long::toString).toList()));
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("summary.csv")))) {
            w.println("mix,images,accuracy,macro_f1,log_loss");
            w.printf(Locale.ROOT, "natural,%d,%.4f,%.4f,%.4f%n", r.natural().images(), r.natural().accuracy(),
                    r.natural().macroF1(), r.natural().logLoss());
            w.printf(Locale.ROOT, "balanced,%d,%.4f,%.4f,%.4f%n", r.balanced().images(), r.balanced().accuracy(),
                    r.balanced().macroF1(), r.balanced().logLoss());
        }
    }
}
