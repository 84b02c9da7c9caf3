package org.dqmstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ConvolutionalInferenceTest {
    private static final int CHANNELS = 3;
    private static final int HEIGHT = 12;
    private static final int WIDTH = 10;

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 20})
    void givesTheGraphsOwnOutputsForEveryRecordOfABatch(int records) {
        ComputationGraph graph = everyCoveredVertex(SubsamplingLayer.PoolingType.MAX);
        float[] rows = randomRecords(records);
        ConvolutionalInference inference = ConvolutionalInference.of(graph, CHANNELS, HEIGHT, WIDTH);
        // Activation arrays are shared per thread: what a larger network left must not leak into this one. The
        // larger one also has more positions per chunk than one multiply takes.
        ComputationGraph larger = everyCoveredVertex(SubsamplingLayer.PoolingType.MAX, 2 * HEIGHT, 2 * WIDTH);
        float[] largerRows = randomRecords(9, 2 * HEIGHT, 2 * WIDTH);
        assertThat(8 * 4 * HEIGHT * WIDTH).isGreaterThan(ConvolutionalInference.BLOCK_POSITIONS);
        assertCloseToEachOther(ConvolutionalInference.of(larger, CHANNELS, 2 * HEIGHT, 2 * WIDTH).output(largerRows, 9),
                graphOutput(larger, largerRows, 9, 2 * HEIGHT, 2 * WIDTH));

        float[] actual = inference.output(rows, records);

        assertCloseToEachOther(actual, graphOutput(graph, rows, records, HEIGHT, WIDTH));
    }

    @Test
    void givesTheSameOutputsComputedInParallelParts() {
        ComputationGraph graph = everyCoveredVertex(SubsamplingLayer.PoolingType.MAX);
        float[] rows = randomRecords(37);
        BatchInference inference = ConvolutionalInference.of(graph, CHANNELS, HEIGHT, WIDTH);

        // Within rounding: the dense layers multiply 4 rows at a time instead of 37.
        assertCloseToEachOther(inference.outputInParts(rows, 37, 4), inference.output(rows, 37));
    }

    @Test
    void leavesGraphsWithVerticesItDoesNotComputeToDl4j() {
        ComputationGraph graph = everyCoveredVertex(SubsamplingLayer.PoolingType.AVG);
        float[] rows = randomRecords(5);

        assertThat(ConvolutionalInference.covers(graph, CHANNELS, HEIGHT, WIDTH)).isFalse();
        assertThat(BatchInference.of(graph, CHANNELS, HEIGHT, WIDTH).output(rows, 5))
                .containsExactly(graphOutput(graph, rows, 5, HEIGHT, WIDTH));
    }

    /**
     * Separable, strided and 1x1 convolutions, max pooling over raw (negative) inputs with Same padding on an
     * odd size, merges, a dense layer on a flattened image, random weights and biases.
     */
    private static ComputationGraph everyCoveredVertex(SubsamplingLayer.PoolingType pooling) {
        return everyCoveredVertex(pooling, HEIGHT, WIDTH);
    }

    private static ComputationGraph everyCoveredVertex(SubsamplingLayer.PoolingType pooling, int height, int width) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("image")
                .setInputTypes(InputType.convolutional(height, width, CHANNELS))
                .addLayer("separable", new SeparableConvolution2D.Builder(3, 3).nOut(6).activation(Activation.RELU)
                        .build(), "image")
                .addLayer("strided", new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).nOut(5).activation(Activation.TANH).build(),
                        "separable")
                .addLayer("poolRaw", new SubsamplingLayer.Builder(pooling).kernelSize(3, 3).stride(1, 1).build(),
                        "image")
                .addLayer("poolHalf", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), "poolRaw")
                .addVertex("merge", new MergeVertex(), "strided", "poolHalf")
                .addLayer("pointwise", new ConvolutionLayer.Builder(1, 1).nOut(4).activation(Activation.IDENTITY)
                        .build(), "merge")
                .addLayer("wide", new ConvolutionLayer.Builder(5, 5).nOut(3).activation(Activation.SIGMOID).build(),
                        "merge")
                .addVertex("merge2", new MergeVertex(), "pointwise", "wide")
                .addLayer("poolOdd", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build(), "merge2")
                .addLayer("dense", new DenseLayer.Builder().nOut(9).activation(Activation.RELU).build(), "poolOdd")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        // Non-zero biases: a freshly initialized graph has zero biases, which would hide a misplaced bias.
        graph.params().addi(Nd4j.rand(graph.params().shape()).subi(0.5));
        return graph;
    }

    private static float[] randomRecords(int records) {
        return randomRecords(records, HEIGHT, WIDTH);
    }

    private static float[] randomRecords(int records, int height, int width) {
        Random random = new Random(records);
        float[] rows = new float[records * CHANNELS * height * width];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextGaussian();
        }
        return rows;
    }

    private static float[] graphOutput(ComputationGraph graph, float[] rows, int records, int height, int width) {
        return graph.outputSingle(false, Nd4j.create(rows.clone(), new long[] {records, CHANNELS, height, width}, 'c'))
                .dup('c').data().asFloat();
    }

    private static void assertCloseToEachOther(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("value %d: %s against %s", i, actual[i], expected[i])
                    .isLessThanOrEqualTo(1e-4f * Math.max(1f, Math.abs(expected[i])));
        }
    }
}
