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
import org.dqmstream.image.ParticleImage;
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
        subcommands = ImportKerasCommand.Particles.class,
        description = "Make a lumisection model bundle of autoencoders trained in Keras: one HDF5 file per channel "
                + "group, <group>.h5 (a Sequential or a functional model of dense layers, taking the group's "
                + "standardized features in layout order). The standardization, error reference and thresholds "
                + "are calibrated on good lumisections, generated or from a labelled feature table (--data), as "
                + "'train' does; the bundle is then used like "
                + "a native one. 'import-keras particles' does the same for a particle-type CNN.")
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

    @Command(name = "particles", mixinStandardHelpOptions = true,
            description = "Make a particle bundle of a particle-type classifier trained in Keras: a Sequential or "
                    + "functional CNN on channels-last 10x10x1 images (pixel readings divided by 4), ending in a "
                    + "softmax over electron, muon, pion, kaon, proton. Its reference class mix is taken on the "
                    + "given images, and it is refused if it never recognizes a type there.")
    static final class Particles implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--keras", paramLabel = "FILE", required = true, description = "The Keras HDF5 model.")
        Path keras;

        @ArgGroup(multiplicity = "1", heading = "Calibration images:%n")
        TrainParticlesCommand.Source source;

        @Option(names = "--trained-balanced",
                description = "The model was trained type-balanced: move its posteriors to the images' type mix, as "
                        + "the native classifier's are.")
        boolean trainedBalanced;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "models/particles",
                description = "Bundle directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--seed", defaultValue = "7", description = "Seed of generated images (default: ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        PromoteToOption promoteTo;

        @Override
        public Integer call() throws Exception {
            List<ParticleImage> images = source.load(seed);
            SmallImageClassifier classifier = SmallImageClassifier.fromKeras(keras, ParticleType.classifierSpec(),
                    images, trainedBalanced);
            ImageReference reference = ImageReference.of(classifier.classes(),
                    classifier.probabilities(SmallImageClassifier.pixels(images)), classifier.scoredClass());
            Map<String, Double> recall = new TreeMap<>();
            classifier.recall(images).forEach((type, r) -> recall.put("recall_" + type, r));
            ImageSourceBundle bundle = ImageSourceBundle.create(ImageSource.PARTICLES, classifier, reference, null,
                    recall, LabelledImage.charges(images));
            bundle.save(out);
            System.out.printf("Particle bundle %s of the Keras classifier %s written to %s (recall per type on %d "
                    + "images: %s)%n", bundle.version(), keras, out, images.size(), recall);
            promoteTo.promote(config.load(Map.of()), ImageSource.PARTICLES.id(), bundle.version(), out);
            return 0;
        }
    }
}
