package org.dqmstream.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LabelledLumisections;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.ValidLumisection;
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
        description = "Train one autoencoder per channel group on good generated lumisections (loss weighted by "
                + "luminosity), calibrate per-subsystem thresholds on held-out runs, and write a model bundle. "
                + "The subcommands train the image sources' bundles instead.")
final class TrainCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TrainCommand.class);

    @Mixin
    ConfigOptions config;

    @Option(names = "--out", paramLabel = "DIR", description = "Bundle directory (default: model.dir).")
    Path out;

    @Option(names = "--lumisections", paramLabel = "N",
            description = "Lumisections to generate; faulty ones are left out of training (training.lumisections).")
    Integer lumisections;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs per channel group (training.epochs).")
    Integer epochs;

    @Mixin
    PromoteToOption promoteTo;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated training data (default: ${DEFAULT-VALUE}).")
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
        ModelBundle bundle = trainOnGenerated(cfg, seed);
        bundle.save(dir);
        System.out.printf("Model bundle %s written to %s (%d training, %d held-out lumisections)%n", bundle.version(),
                dir, bundle.training().trainingLumisections(), bundle.training().holdoutLumisections());
        promoteTo.promote(cfg, Monitor.LUMISECTION_MODEL, bundle.version(), dir);
        return 0;
    }

    /** Trains a bundle from the generator as configured: the train command, and a first start without a model. */
    static ModelBundle trainOnGenerated(MonitorConfig cfg, long seed) {
        return trainer(cfg).train(generatedGood(cfg, seed), Progress.bar());
    }

    /** The trainer as configured (training.*), for the standard layout. */
    static LumisectionTrainer trainer(MonitorConfig cfg) {
        MonitorConfig.Training t = cfg.training();
        LumisectionTrainer.Settings settings = LumisectionTrainer.Settings.defaults().withEpochs(t.epochs())
                .withFalseAlarmRates(t.warningFalseAlarmRate(), t.badFalseAlarmRate());
        return new LumisectionTrainer(FeatureLayout.standard(), cfg.subsystemSources(), settings);
    }

    /** training.lumisections generated lumisections, the good ones (for every subsystem) only. */
    static List<ValidLumisection> generatedGood(MonitorConfig cfg, long seed) {
        int count = cfg.training().lumisections();
        log.info("Generating {} lumisections (seed {})", count, seed);
        return LabelledLumisections.of(
                new LumisectionGenerator(FeatureLayout.standard(), GeneratorSettings.defaults(seed)).take(count),
                cfg.subsystemSources().keySet()).goodForAll();
    }
}
