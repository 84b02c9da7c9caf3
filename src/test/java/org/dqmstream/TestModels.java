package org.dqmstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.dqmstream.certification.LabelledLumisections;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.model.LumisectionTrainer;
import org.dqmstream.model.ModelBundle;

/**
 * A model bundle trained by the project's own trainer on generated data, once per build: cached under
 * target/ so unit and integration test JVMs share it.
 */
public final class TestModels {
    public static final long TRAINING_SEED = 11;
    /** Named for what the bundle holds: a bundle of an older format left in target/ is not reused. */
    private static final Path CACHE = Path.of("target", "test-model-2500x12-peer-drift");
    private static final Map<String, String> SUBSYSTEMS = MonitorConfig.defaults().subsystemSources();
    private static ModelBundle bundle;

    private TestModels() {
    }

    public static synchronized ModelBundle bundle() {
        if (bundle != null) {
            return bundle;
        }
        try {
            if (Files.exists(CACHE.resolve("manifest.json"))) {
                bundle = ModelBundle.load(CACHE);
                return bundle;
            }
            FeatureLayout layout = FeatureLayout.standard();
            LabelledLumisections data = new LumisectionGenerator(layout,
                    GeneratorSettings.defaults(TRAINING_SEED)).takeLabelled(2500, SUBSYSTEMS.keySet());
            bundle = new LumisectionTrainer(layout, SUBSYSTEMS,
                    LumisectionTrainer.Settings.defaults().withEpochs(12))
                    .train(data.goodForAll(), new ProgressBarBuilder().continuousUpdate().setUpdateIntervalMillis(60_000));
            bundle.save(CACHE);
            return bundle;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
