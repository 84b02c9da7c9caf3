package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dqmstream.TestModels;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.KerasParticleCnn;
import org.dqmstream.image.ParticleImage;
import org.dqmstream.image.ParticleImageCsv;
import org.dqmstream.image.ParticleType;
import org.dqmstream.image.SeparableParticles;
import org.dqmstream.model.ChannelGroupModel;
import org.dqmstream.model.KerasFiles;
import org.dqmstream.model.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras autoencoders, one per channel group (half Sequential, half functional files), become a bundle
 * with import-keras that detects faults as well as the native bundle with the same weights.
 */
class ImportKerasCommandTest {
    @TempDir
    Path dir;

    @Test
    void kerasAutoencodersBecomeABundleThatScoresLikeTheNativeOne() throws Exception {
        ModelBundle native0 = TestModels.bundle();
        native0.save(dir.resolve("native"));
        Path keras = Files.createDirectories(dir.resolve("keras"));
        List<ChannelGroupModel> groups = native0.groups();
        for (int i = 0; i < groups.size(); i++) {
            KerasFiles.write(keras.resolve(groups.get(i).group() + ".h5"), groups.get(i).network(), i % 2 == 1);
        }

        assertThat(DqmStream.commandLine().execute("import-keras", "--keras", keras.toString(), "--out",
                dir.resolve("imported").toString(), "--lumisections", "2500", "--seed",
                Long.toString(TestModels.TRAINING_SEED))).isZero();
        ModelBundle imported = ModelBundle.load(dir.resolve("imported"));
        assertThat(imported.version()).startsWith("lumi-keras-");
        assertThat(imported.groups()).hasSameSizeAs(groups);

        double nativeAuc = meanAuc(dir.resolve("native"), dir.resolve("native-eval"));
        double importedAuc = meanAuc(dir.resolve("imported"), dir.resolve("imported-eval"));
        assertThat(nativeAuc).isGreaterThan(0.8);
        assertThat(importedAuc).as("imported against native mean subsystem AUC").isCloseTo(nativeAuc,
                org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void aKerasParticleCnnBecomesAParticleBundle() throws Exception {
        Path keras = dir.resolve("particle-cnn.h5");
        KerasFiles.write(keras, KerasParticleCnn.trained(SeparableParticles.images(150, 450, 1)), false,
                new long[] {ParticleImage.SIDE, ParticleImage.SIDE, 1});
        Path images = dir.resolve("calibration.csv");
        ParticleImageCsv.write(images, SeparableParticles.images(30, 90, 2));

        assertThat(DqmStream.commandLine().execute("import-keras", "particles", "--keras", keras.toString(),
                "--data", images.toString(), "--out", dir.resolve("particles").toString())).isZero();
        ImageSourceBundle bundle = ImageSourceBundle.load(dir.resolve("particles"), ImageSource.PARTICLES);
        assertThat(bundle.classifier().classes()).isEqualTo(ParticleType.names());
        assertThat(bundle.metrics()).containsKey("recall_MUON").allSatisfy((k, v) -> assertThat(v).isGreaterThan(0.9));
    }

    private static double meanAuc(Path model, Path out) throws Exception {
        assertThat(DqmStream.commandLine().execute("evaluate", "--model", model.toString(), "--lumisections", "800",
                "--out", out.toString())).isZero();
        return Files.readAllLines(out.resolve("subsystems.csv")).stream().skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[3])).average().orElseThrow();
    }
}
