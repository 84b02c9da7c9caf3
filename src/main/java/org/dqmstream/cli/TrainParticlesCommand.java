package org.dqmstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.dqmstream.image.EventSplit;
import org.dqmstream.image.ImageAutoencoder;
import org.dqmstream.image.ImageFaultStudy;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.LabelledImage;
import org.dqmstream.image.ParticleImage;
import org.dqmstream.image.ParticleImageCsv;
import org.dqmstream.image.ParticleImageGenerator;
import org.dqmstream.image.ParticleType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "particles", mixinStandardHelpOptions = true,
        description = "Train the particle-image models into one bundle: the particle-type classifier for 10x10 track "
                + "images with type-balanced sampling, split by event into training, validation and test sets, "
                + "refused if it never recognizes some type, and reported per type (precision, recall, F1, AUC), "
                + "as macro-F1, log loss and confusion matrix on the natural mix (as trained and prior-corrected to "
                + "the natural mix, as deployed) and on a type-balanced subsample; and the detector-fault "
                + "autoencoder, reported per generator fault.")
final class TrainParticlesCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--data", paramLabel = "FILE", required = true,
                description = "CSV or CSV.gz with p0..p99, pdg (or label) and optionally event, e.g. "
                        + "../shared/data/cirta/particles.csv.gz")
        Path data;

        @Option(names = "--generate", paramLabel = "N", required = true,
                description = "Generate N images in the real type mix instead of reading a file.")
        Integer generate;

        List<ParticleImage> load(long seed) throws IOException {
            return data != null ? ParticleImageCsv.read(data) : new ParticleImageGenerator(seed, 3000).take(generate);
        }
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/particles",
            description = "Bundle directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "out/particles",
            description = "Where the evaluation CSV files go (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of split and training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-classifier", description = "Train only the fault autoencoder.")
    boolean noClassifier;

    @Mixin
    ClassifierOptions classifier;

    @Mixin
    FaultAutoencoderOptions faults;

    @Override
    public Integer call() throws Exception {
        List<ParticleImage> images = source.load(seed);
        EventSplit<ParticleImage> split = EventSplit.of(images, 0.7, 0.15, seed);
        Map<String, Double> metrics = new TreeMap<>();
        ClassifierOptions.Trained trained = noClassifier ? null
                : classifier.trainAndReport(split, ParticleType.classifierSpec(), seed, report, metrics);
        ImageAutoencoder autoencoder = faults.trainAndReport(
                ImageFaultStudy.cycling(LabelledImage.charges(split.training()), seed),
                ImageFaultStudy.cycling(LabelledImage.charges(split.test()), seed),
                ImageSource.PARTICLES, seed, report, metrics);
        ImageSourceBundle bundle = ImageSourceBundle.create(ImageSource.PARTICLES, ClassifierOptions.classifier(trained),
                ClassifierOptions.reference(trained), autoencoder, metrics, LabelledImage.charges(split.training()));
        bundle.save(out);
        System.out.println("Particle bundle " + bundle.version() + " written to " + out + ", report to " + report);
        return 0;
    }
}
