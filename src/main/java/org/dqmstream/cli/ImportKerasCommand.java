package org.dqmstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqmstream.certification.LabelledLumisections;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.image.ImageReference;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.LabelledImage;
import org.dqmstream.image.ObjectImage;
import org.dqmstream.image.ParticleType;
import org.dqmstream.image.SmallImageClassifier;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.model.KerasModels;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.monitor.Monitor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "import-keras", mixinStandardHelpOptions = true,
        subcommands = {ImportKerasCommand.Particles.class, ImportKerasCommand.Objects.class},
        description = "Make a lumisection model bundle of autoencoders trained in Keras: one HDF5 file per channel "
                + "group, <group>.h5 (a Sequential or a functional model of dense layers, taking the group's "
                + "standardized features in layout order). The standardization, error reference and thresholds "
                + "are calibrated on good lumisections, generated or from a labelled feature table (--data), as "
                + "'train' does; the bundle is then used like a native one. 'import-keras particles' and "
                + "'import-keras objects' do the same for image classifiers.")
final class ImportKerasCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--keras", paramLabel = "DIR",
            description = "Folder with one <channel group>.h5 per channel group (required without a subcommand).")
    Path keras;

    @Option(names = "--out", paramLabel = "DIR", description = "Bundle directory (default: model.dir).")
    Path out;

    @Mixin
    FeatureTableOptions table;

    @Option(names = "--lumisections", paramLabel = "N",
            description = "Lumisections to generate for the calibration without --data (training.lumisections).")
    Integer lumisections;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the generated calibration data, without --data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    PromoteToOption promoteTo;

    @Override
    public Integer call() throws Exception {
        if (keras == null) {
            throw new IllegalArgumentException("give the folder of Keras autoencoders with --keras DIR");
        }
        Map<String, String> overrides = new HashMap<>();
        if (lumisections != null) {
            overrides.put("training.lumisections", lumisections.toString());
        }
        MonitorConfig cfg = config.load(overrides);
        LabelledLumisections data = TrainCommand.trainingData(cfg, table, seed);
        Map<String, MultiLayerNetwork> networks = new LinkedHashMap<>();
        for (ChannelGroup group : data.layout().groups()) {
            Path file = keras.resolve(group.name() + ".h5");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no Keras model for channel group " + group.name() + " (" + file
                        + ")");
            }
            networks.put(group.name(), KerasModels.load(file, group.size()));
        }
        ModelBundle bundle = TrainCommand.trainer(cfg, data.layout()).calibrate(networks, data.goodForAll(),
                "lumi-keras-");
        Path dir = out != null ? out : cfg.modelDir();
        bundle.save(dir);
        System.out.printf("Model bundle %s of %d Keras autoencoders written to %s%n", bundle.version(),
                networks.size(), dir);
        promoteTo.promote(cfg, Monitor.LUMISECTION_MODEL, bundle.version(), dir);
        return 0;
    }

    /** What importing a Keras image classifier takes, whatever the image source. */
    static final class ClassifierImport {
        @Mixin
        ConfigOptions config;

        @Option(names = "--keras", paramLabel = "FILE", required = true, description = "The Keras HDF5 model.")
        Path keras;

        @Option(names = "--trained-balanced",
                description = "The model was trained class-balanced: move its posteriors to the images' class mix, as "
                        + "the native classifier's are.")
        boolean trainedBalanced;

        @Option(names = "--seed", defaultValue = "7", description = "Seed of generated images (default: ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        PromoteToOption promoteTo;

        /**
         * The classifier, refused if it never recognizes a class of {@code images}; saved as a bundle of
         * {@code source} with its reference class mix and recall per class taken on them, and promoted
         * when asked.
         */
        void importInto(ImageSource source, SmallImageClassifier.Spec spec, List<? extends LabelledImage> images,
                        Path out) throws Exception {
            SmallImageClassifier classifier = SmallImageClassifier.fromKeras(keras, spec, images, trainedBalanced);
            ImageReference reference = ImageReference.of(classifier.classes(),
                    classifier.probabilities(SmallImageClassifier.pixels(images)), classifier.scoredClass());
            Map<String, Double> recall = new TreeMap<>();
            classifier.recall(images).forEach((type, r) -> recall.put("recall_" + type, r));
            ImageSourceBundle bundle = ImageSourceBundle.create(source, classifier, reference, null, recall,
                    LabelledImage.charges(images));
            bundle.save(out);
            System.out.printf("%s bundle %s of the Keras classifier %s written to %s (recall per class on %d images: "
                    + "%s)%n", source.id(), bundle.version(), keras, out, images.size(), recall);
            promoteTo.promote(config.load(Map.of()), source.id(), bundle.version(), out);
        }
    }

    @Command(name = "particles", mixinStandardHelpOptions = true,
            description = "Make a particle bundle of a particle-type classifier trained in Keras: a Sequential or "
                    + "functional CNN on channels-last 10x10x1 images (pixel readings divided by 4), ending in a "
                    + "softmax over electron, muon, pion, kaon, proton. Its reference class mix is taken on the "
                    + "given images, and it is refused if it never recognizes a type there.")
    static final class Particles implements Callable<Integer> {
        @Mixin
        ClassifierImport keras;

        @ArgGroup(multiplicity = "1", heading = "Calibration images:%n")
        TrainParticlesCommand.Source source;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/particles",
                description = "Bundle directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            keras.importInto(ImageSource.PARTICLES, ParticleType.classifierSpec(), source.load(keras.seed), out);
            return 0;
        }
    }

    @Command(name = "objects", mixinStandardHelpOptions = true,
            description = "Make an object-image bundle of a classifier trained in Keras: a Sequential or functional "
                    + "CNN on channels-last 32x32x1 images (grey levels, the cut-outs resized as 'train objects' "
                    + "resizes them, divided by 64), ending in a softmax over --classes. Its reference class mix "
                    + "is taken on the given images, and it is refused if it never recognizes a class there. The "
                    + "bundle has no detector-fault autoencoder, unlike one from 'train objects'.")
    static final class Objects implements Callable<Integer> {
        @Mixin
        ClassifierImport keras;

        @ArgGroup(multiplicity = "1", heading = "Calibration images:%n")
        TrainObjectsCommand.Source source;

        @Option(names = "--classes", paramLabel = "LABEL", split = ",",
                description = "The labels of the softmax's outputs, in output order (default: the calibration "
                        + "images' labels, sorted, as 'train objects' orders them).")
        List<String> classes;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/objects",
                description = "Bundle directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            List<ObjectImage> images = source.load(keras.seed);
            List<String> labels = classes != null ? classes : ObjectImage.classes(images);
            List<LabelledImage> labelled = ObjectImage.labelled(images, labels);
            keras.importInto(ImageSource.OBJECTS, TrainObjectsCommand.spec(labels, labelled), labelled, out);
            return 0;
        }
    }
}
