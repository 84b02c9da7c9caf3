package org.dqmstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dqmstream.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KerasModelsTest {
    @TempDir
    Path dir;

    @Test
    void sequentialAndFunctionalKerasFilesImportAsTheSameNetwork() throws Exception {
        MultiLayerNetwork native0 = TestModels.bundle().groups().get(0).network();
        INDArray input = Nd4j.rand(DataType.FLOAT, 8, native0.layerInputSize(0));
        for (boolean functional : new boolean[] {false, true}) {
            Path file = dir.resolve(functional ? "functional.h5" : "sequential.h5");
            KerasFiles.write(file, native0, functional);
            assertThat(KerasModels.modelClass(file)).isEqualTo(functional ? "Functional" : "Sequential");
            MultiLayerNetwork imported = KerasModels.load(file, native0.layerInputSize(0));
            assertThat(imported.getnLayers()).isEqualTo(native0.getnLayers());
            assertThat(imported.output(input).equalsWithEps(native0.output(input), 1e-4))
                    .as("%s model reproduces the network", functional ? "functional" : "Sequential").isTrue();
        }
    }

    @Test
    void aFileThatIsNotAKerasModelIsRefusedNamingIt() throws IOException {
        Path file = dir.resolve("notes.h5");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> KerasModels.load(file, 3)).isInstanceOf(IOException.class)
                .hasMessageContaining("notes.h5");
    }
}
