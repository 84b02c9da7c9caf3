package org.dqmstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class DenseInferenceTest {
    @ParameterizedTest
    @CsvSource({"1, SIGMOID", "7, IDENTITY", "256, RELU", "1030, SIGMOID"})
    void givesTheNetworksOwnOutputsForEveryRecordOfABatch(int records, Activation output) {
        MultiLayerNetwork net = AutoencoderFactory.create(37, 30, 5, output, 1e-3, 4);
        // Non-zero biases: a freshly initialized network has zero biases, which would hide a missed bias.
        net.params().addi(Nd4j.rand(net.params().shape()).subi(0.5));
        float[][] rows = new float[records][37];
        float[] flat = new float[records * 37];
        Random random = new Random(records);
        for (int r = 0; r < records; r++) {
            for (int j = 0; j < 37; j++) {
                rows[r][j] = (float) random.nextGaussian();
                flat[r * 37 + j] = rows[r][j];
            }
        }
        float[][] expected = Rows.of(net.output(Nd4j.create(rows), false));

        DenseInference inference = DenseInference.of(net);
        // Buffers are shared per thread: what a smaller batch of another network left must not leak into this one.
        DenseInference.of(AutoencoderFactory.create(50, 1e-3, 2)).output(new float[3 * 50], 3);
        float[] actual = inference.output(flat, records);

        float[][] apart = new float[records][37];
        inference.output(flat, records, apart);

        assertThat(actual).hasSize(records * 37);
        for (int r = 0; r < records; r++) {
            for (int j = 0; j < 37; j++) {
                assertThat(actual[r * 37 + j]).as("record %d output %d", r, j).isCloseTo(expected[r][j], within(1e-5f));
                assertThat(apart[r][j]).as("record %d output %d in its own row", r, j).isEqualTo(actual[r * 37 + j]);
            }
        }
    }

    @Test
    void givesEachOfManyConcurrentCallersItsOwnOutputs() throws Exception {
        MultiLayerNetwork net = AutoencoderFactory.create(37, 30, 5, Activation.IDENTITY, 1e-3, 4);
        DenseInference inference = DenseInference.of(net);
        List<float[]> batches = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            var rows = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 50 + t, 37);
            batches.add(rows.data().asFloat());
            expected.add(net(net, rows));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                List<Future<float[]>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    float[] rows = batches.get(t);
                    int records = 50 + t;
                    results.add(pool.submit(() -> inference.output(rows, records)));
                }
                for (int t = 0; t < 8; t++) {
                    float[] actual = results.get(t).get();
                    for (int k = 0; k < actual.length; k++) {
                        assertThat(actual[k]).isCloseTo(expected.get(t)[k], within(1e-5f));
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void refusesANetworkWithOtherThanDenseLayers() {
        MultiLayerNetwork conv = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(5, 5, 1)).build());
        conv.init();

        assertThatThrownBy(() -> DenseInference.of(conv)).hasMessageContaining("not a stack of dense layers");
        var image = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 25);
        float[] expected = net(conv, image);
        assertThat(BatchInference.of(conv).output(image.data().asFloat(), 2))
                .as("other networks run as they are").containsExactly(expected);
        float[][] apart = new float[2][2];
        BatchInference.of(conv).output(image.data().asFloat(), 2, apart);
        assertThat(apart).isDeepEqualTo(new float[][] {{expected[0], expected[1]}, {expected[2], expected[3]}});
    }

    private static float[] net(MultiLayerNetwork network, org.nd4j.linalg.api.ndarray.INDArray input) {
        return network.output(input, false).dup('c').data().asFloat();
    }

    @Test
    void refusesABatchOfTheWrongWidth() {
        DenseInference inference = DenseInference.of(AutoencoderFactory.create(4, 1e-3, 1));

        assertThatThrownBy(() -> inference.output(new float[9], 2)).hasMessageContaining("are not 2 rows of 4");
    }
}
