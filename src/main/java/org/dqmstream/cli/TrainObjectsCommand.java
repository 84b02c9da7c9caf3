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
import org.dqmstream.image.ObjectImage;
import org.dqmstream.image.ObjectImageFolder;
import org.dqmstream.image.ObjectImageGenerator;
import org.dqmstream.image.SmallImageClassifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "objects", mixinStandardHelpOptions = true,
        description = "Train the object-image models (microscope or camera cut-outs of any size, read as grey levels "
                + "resized to 32x32) into one bundle: a classifier of the labels with class-balanced sampling, refused "
                + "if it never recognizes some class and reported per class as trained and prior-corrected to the "
                + "natural mix; and the detector-fault autoencoder, reported per generator fault.")
final class TrainObjectsCommand implements Callable<Integer> {

    static final class Folder {
        @Option(names = "--folder", paramLabel = "DIR", required = true, description = "Folder of JPEG or PNG images.")
        Path folder;

        @Option(names = "--labels", paramLabel = "CSV",
                description = "Labels CSV with columns file,label (default: labels.csv in the folder).")
        Path labels;
    }

    static final class Source {
        @ArgGroup(exclusive = false)
        Folder folder;

        @Option(names = "--generate", paramLabel = "N", required = true, description = "Generate N images instead.")
        Integer generate;

        List<ObjectImage> load(long seed) throws IOException {
            return generate != null ? new ObjectImageGenerator(seed).take(generate) : ObjectImageFolder.read(
                    folder.folder, folder.labels != null ? folder.labels : folder.folder.resolve(ObjectImageFolder.LABELS));
        }
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/objects",
            description = "Bundle directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "out/objects",
            description = "Where the evaluation CSV goes (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--no-classifier", description = "Train only the fault autoencoder.")
    boolean noClassifier;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ClassifierOptions classifier;

    @Mixin
    FaultAutoencoderOptions faults;

    @Override
    public Integer call() throws Exception {
        List<ObjectImage> images = source.load(seed);
        List<String> classes = ObjectImage.classes(images);
        List<LabelledImage> labelled = ObjectImage.labelled(images, classes);
        EventSplit<LabelledImage> split = EventSplit.of(labelled, 0.7, 0.15, seed);
        Map<String, Double> metrics = new TreeMap<>();
        ClassifierOptions.Trained trained = noClassifier ? null
                : classifier.trainAndReport(split, spec(classes, split.training()), seed, report, metrics);
        ImageAutoencoder autoencoder = faults.trainAndReport(
                ImageFaultStudy.cycling(LabelledImage.charges(split.training()), seed),
                ImageFaultStudy.cycling(LabelledImage.charges(split.test()), seed),
                ImageSource.OBJECTS, seed, report, metrics);
        ImageSourceBundle bundle = ImageSourceBundle.create(ImageSource.OBJECTS, ClassifierOptions.classifier(trained),
                ClassifierOptions.reference(trained), autoencoder, metrics, LabelledImage.charges(split.training()));
        bundle.save(out);
        System.out.println("Object-image bundle " + bundle.version() + " written to " + out + ", report to " + report);
        return 0;
    }

    /** Grey levels scaled by 64 to near unit size; the commonest training class is the one checks compare in shape. */
    static SmallImageClassifier.Spec spec(List<String> classes, List<LabelledImage> training) {
        int[] counts = new int[classes.size()];
        training.forEach(i -> counts[i.label()]++);
        int commonest = 0;
        for (int k = 1; k < counts.length; k++) {
            commonest = counts[k] > counts[commonest] ? k : commonest;
        }
        return new SmallImageClassifier.Spec(classes, ImageSource.OBJECTS.shape(), 64f, commonest, null, false);
    }
}
