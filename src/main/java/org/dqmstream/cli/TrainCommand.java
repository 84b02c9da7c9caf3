package org.dqmstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dqmstream.certification.LabelledLumisections;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.model.LumisectionTrainer;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.monitor.Monitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        subcommands = {TrainParticlesCommand.class, TrainNovaCommand.class, TrainObjectsCommand.class},
        description = "Train one autoencoder per channel group on good lumisections (loss weighted by luminosity), "
                + "generated or from a labelled feature table (--data), calibrate per-subsystem thresholds on "
                + "held-out runs, and write a model bundle. The subcommands train the image sources' bundles instead.")
final class TrainCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TrainCommand.class);

    @Mixin
    ConfigOptions config;

    @Mixin
    FeatureTableOptions table;

    @Option(names = "--out", paramLabel = "DIR", description = "Bundle directory (default: model.dir).")
    Path out;

    @Option(names = "--lumisections", paramLabel = "N",
            description = "Lumisections to generate without --data; faulty ones are left out of training "
                    + "(training.lumisections).")
    Integer lumisections;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs per channel group (training.epochs).")
    Integer epochs;

    @Mixin
    PromoteToOption promoteTo;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the generated training data, without --data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        if (lumisections != null) {
            overrides.put("training.lumisections", lumisections.toString());
        }
        if (epochs != null) {
            overrides.put("training.epochs", epochs.toString());
        }
        MonitorConfig cfg = config.load(overrides);
        Path dir = out != null ? out : cfg.modelDir();
        ModelBundle bundle = train(cfg, trainingData(cfg, table, seed));
        bundle.save(dir);
        System.out.printf("Model bundle %s written to %s (%d training, %d held-out lumisections)%n", bundle.version(),
                dir, bundle.training().trainingLumisections(), bundle.training().holdoutLumisections());
        promoteTo.promote(cfg, Monitor.LUMISECTION_MODEL, bundle.version(), dir);
        return 0;
    }

    /** Trains a bundle from the generator as configured: a first start without a model. */
    static ModelBundle trainOnGenerated(MonitorConfig cfg, long seed) {
        return train(cfg, generated(cfg, seed));
    }

    private static ModelBundle train(MonitorConfig cfg, LabelledLumisections data) {
        return trainer(cfg, data.layout()).train(data.goodForAll(), Progress.bar());
    }

    /** The trainer as configured (training.*), for the data's layout. */
    static LumisectionTrainer trainer(MonitorConfig cfg, FeatureLayout layout) {
        MonitorConfig.Training t = cfg.training();
        LumisectionTrainer.Settings settings = LumisectionTrainer.Settings.defaults().withEpochs(t.epochs())
                .withFalseAlarmRates(t.warningFalseAlarmRate(), t.badFalseAlarmRate()).withScoreParts(t.detectors());
        return new LumisectionTrainer(layout, cfg.subsystemSources(), settings);
    }

    /**
     * What training and calibration fit on (its lumisections good for every subsystem): the --data table,
     * else training.lumisections generated ones.
     */
    static LabelledLumisections trainingData(MonitorConfig cfg, FeatureTableOptions table, long seed)
            throws IOException {
        return table.read(cfg.subsystemSources().keySet()).orElseGet(() -> generated(cfg, seed));
    }

    private static LabelledLumisections generated(MonitorConfig cfg, long seed) {
        int count = cfg.training().lumisections();
        log.info("Generating {} lumisections (seed {})", count, seed);
        return new LumisectionGenerator(FeatureLayout.standard(), GeneratorSettings.defaults(seed))
                .takeLabelled(count, cfg.subsystemSources().keySet());
    }
}
