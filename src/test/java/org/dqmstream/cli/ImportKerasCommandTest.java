package org.dqmstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dqmstream.TestModels;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.ImageSourceBundle;
import org.dqmstream.image.KerasCnn;
import org.dqmstream.image.ObjectImage;
import org.dqmstream.image.ObjectImageGenerator;
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
 * with import-keras that detects faults as well as the native bundle with the same weights; Keras image
 * classifiers become particle and object-image bundles.
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
        KerasCnn cnn = KerasCnn.particles();
        KerasFiles.write(keras, cnn.trained(SeparableParticles.images(150, 450, 1), 30), false, cnn.inputShape());
        Path images = dir.resolve("calibration.csv");
        ParticleImageCsv.write(images, SeparableParticles.images(30, 90, 2));

        assertThat(DqmStream.commandLine().execute("import-keras", "particles", "--keras", keras.toString(),
                "--data", images.toString(), "--out", dir.resolve("particles").toString())).isZero();
        ImageSourceBundle bundle = ImageSourceBundle.load(dir.resolve("particles"), ImageSource.PARTICLES);
        assertThat(bundle.classifier().classes()).isEqualTo(ParticleType.names());
        assertThat(bundle.metrics()).containsKey("recall_MUON").allSatisfy((k, v) -> assertThat(v).isGreaterThan(0.9));
    }

    @Test
    void aKerasObjectCnnBecomesAnObjectBundleWithItsClassesInOutputOrder() throws Exception {
        List<ObjectImage> training = new ObjectImageGenerator(11).take(300);
        List<String> classes = ObjectImage.classes(training);
        KerasCnn cnn = new KerasCnn(ObjectImage.SIDE, classes.size(), 64f);
        Path keras = dir.resolve("object-cnn.h5");
        KerasFiles.write(keras, cnn.trained(ObjectImage.labelled(training, classes), 40), true, cnn.inputShape());

        assertThat(DqmStream.commandLine().execute("import-keras", "objects", "--keras", keras.toString(),
                "--generate", "150", "--seed", "12", "--out", dir.resolve("objects").toString())).isZero();
        ImageSourceBundle bundle = ImageSourceBundle.load(dir.resolve("objects"), ImageSource.OBJECTS);
        assertThat(bundle.classifier().classes()).isEqualTo(classes).containsExactly("cell", "cluster", "rod");
        assertThat(bundle.metrics()).hasSize(3).allSatisfy((k, v) -> assertThat(v).as(k).isGreaterThan(0.8));

        // The same outputs named in another order mean other classes: this network never recognizes them.
        List<String> shifted = List.of(classes.get(1), classes.get(2), classes.get(0));
        assertThat(Commands.fails("import-keras", "objects", "--keras", keras.toString(), "--generate", "150",
                "--seed", "12", "--classes", String.join(",", shifted), "--out", dir.resolve("shifted").toString()))
                .contains("never recognizes");
    }

    private static double meanAuc(Path model, Path out) throws Exception {
        assertThat(DqmStream.commandLine().execute("evaluate", "--model", model.toString(), "--lumisections", "800",
                "--out", out.toString())).isZero();
        return Files.readAllLines(out.resolve("subsystems.csv")).stream().skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[3])).average().orElseThrow();
    }
}
