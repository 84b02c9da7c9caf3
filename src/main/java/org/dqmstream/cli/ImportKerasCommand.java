package org.dqmstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.model.KerasAutoencoder;
import org.dqmstream.model.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "import-keras", mixinStandardHelpOptions = true,
        description = "Make a lumisection model bundle of autoencoders trained in Keras: one HDF5 file per channel "
                + "group, <group>.h5 (a Sequential or a functional model of dense layers, taking the group's "
                + "standardized features in layout order). The standardization, error reference and thresholds "
                + "are calibrated on generated good lumisections, as 'train' does; the bundle is then used like "
                + "a native one.")
final class ImportKerasCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--keras", paramLabel = "DIR", required = true,
            description = "Folder with one <channel group>.h5 per channel group.")
    Path keras;

    @Option(names = "--out", paramLabel = "DIR", description = "Bundle directory (default: model.dir).")
    Path out;

    @Option(names = "--lumisections", paramLabel = "N",
            description = "Lumisections to generate for the calibration (training.lumisections).")
    Integer lumisections;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the calibration data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--promote-to", paramLabel = "HOST:PORT",
            description = "Then put the bundle in service through this cluster's model registry, as 'promote' does.")
    String promoteTo;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        if (lumisections != null) {
            overrides.put("training.lumisections", lumisections.toString());
        }
        MonitorConfig cfg = config.load(overrides);
        Map<String, MultiLayerNetwork> networks = new LinkedHashMap<>();
        for (ChannelGroup group : FeatureLayout.standard().groups()) {
            Path file = keras.resolve(group.name() + ".h5");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no Keras model for channel group " + group.name() + " (" + file
                        + ")");
            }
            networks.put(group.name(), KerasAutoencoder.load(file));
        }
        ModelBundle bundle = TrainCommand.trainer(cfg).calibrate(networks, TrainCommand.generatedGood(cfg, seed),
                "lumi-keras-");
        Path dir = out != null ? out : cfg.modelDir();
        bundle.save(dir);
        System.out.printf("Model bundle %s of %d Keras autoencoders written to %s%n", bundle.version(),
                networks.size(), dir);
        if (promoteTo != null) {
            PromoteCommand.promoteNew(cfg, promoteTo, bundle, dir);
        }
        return 0;
    }
}
