package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqmstream.model.KerasFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small channels-last CNN, as Keras builds them, written as a Keras HDF5 file (Sequential and
 * functional) becomes the particle classifier of an image bundle: it gives the network's own
 * probabilities, recognizes every type, and survives the bundle's save and load.
 */
class KerasImageClassifierTest {
    @TempDir
    Path dir;

    @Test
    void aKerasCnnClassifiesParticleImagesExactlyAsTheNetworkItCameFrom() throws Exception {
        List<ParticleImage> training = SeparableParticles.images(150, 450, 1);
        List<ParticleImage> calibration = SeparableParticles.images(30, 90, 2);
        KerasCnn keras = KerasCnn.particles();
        MultiLayerNetwork cnn = keras.trained(training, 30);
        INDArray expected = cnn.output(keras.images(calibration));

        for (boolean functional : new boolean[] {false, true}) {
            Path file = dir.resolve(functional ? "functional.h5" : "sequential.h5");
            KerasFiles.write(file, cnn, functional, keras.inputShape());
            SmallImageClassifier imported = SmallImageClassifier.fromKeras(file, ParticleType.classifierSpec(),
                    calibration, false);
            float[][] p = imported.probabilities(SmallImageClassifier.pixels(calibration));
            assertThat(Nd4j.create(p).equalsWithEps(expected, 1e-4)).as("%s file", file.getFileName()).isTrue();
            assertThat(imported.recall(calibration).values()).allSatisfy(r -> assertThat(r).isGreaterThan(0.9));

            ImageReference reference = ImageReference.of(imported.classes(), p, imported.scoredClass());
            ImageSourceBundle.create(ImageSource.PARTICLES, imported, reference, null, Map.of(),
                    LabelledImage.charges(calibration))
                    .save(dir.resolve("bundle"));
            ImageClassifier loaded = ImageSourceBundle.load(dir.resolve("bundle"), ImageSource.PARTICLES).classifier();
            assertThat(Nd4j.create(loaded.probabilities(SmallImageClassifier.pixels(calibration)))
                    .equalsWithEps(expected, 1e-4)).as("after the bundle's save and load").isTrue();
        }
    }
}
