package org.dqmstream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.dqmstream.image.ImageAutoencoder;
import org.dqmstream.image.ImageFaultStudy;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.ObjectImage;
import org.dqmstream.image.ObjectImageFolder;
import org.dqmstream.image.ObjectImageGenerator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "objects", mixinStandardHelpOptions = true,
        description = "Train the detector-fault autoencoder for object images (microscope or camera cut-outs of any "
                + "size, read as grey levels resized to 32x32) into a bundle, and report it per generator fault.")
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
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/objects",
            description = "Bundle directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "out/objects",
            description = "Where the evaluation CSV goes (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--test-share", defaultValue = "0.3", description = "Share of images held out (default: ${DEFAULT-VALUE}).")
    double testShare;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    FaultAutoencoderOptions faults;

    @Override
    public Integer call() throws Exception {
        List<ObjectImage> images = new ArrayList<>(source.generate != null
                ? new ObjectImageGenerator(seed).take(source.generate)
                : ObjectImageFolder.read(source.folder.folder, source.folder.labels != null ? source.folder.labels
                        : source.folder.folder.resolve(ObjectImageFolder.LABELS)));
        Collections.shuffle(images, new Random(seed));
        int test = (int) Math.round(images.size() * testShare);
        List<float[]> charges = images.stream().map(ObjectImage::charges).toList();
        Map<String, Double> metrics = new TreeMap<>();
        ImageAutoencoder autoencoder = faults.trainAndReport(
                ImageFaultStudy.cycling(charges.subList(test, charges.size()), seed),
                ImageFaultStudy.cycling(charges.subList(0, test), seed), ImageSource.OBJECTS, seed, report, metrics);
        ImageSourceBundle bundle = ImageSourceBundle.create(ImageSource.OBJECTS, null, null, autoencoder, metrics);
        bundle.save(out);
        System.out.println("Object-image bundle " + bundle.version() + " written to " + out + ", report to " + report);
        return 0;
    }
}
