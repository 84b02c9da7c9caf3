package org.dqmstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A stack of dense layers run as one OpenBLAS SGEMM per layer (bias included) on reused buffers, with
 * the activation applied in Java. {@code MultiLayerNetwork.output} on the channel-group autoencoders was
 * measured at 6% of the matrix-multiply ceiling at batch 256 on 2 cores of an AMD EPYC VM
 * ({@code bench}): on matrices this small its cost is per-operation overhead, fresh off-heap arrays per
 * call (page faults) and scalar activations, not the multiplies.
 *
 * <p>The weights are a snapshot taken at construction: build it from a trained network.
 */
final class DenseInference implements BatchInference {
    /** Per thread, grown to the widest layer times the largest batch seen. */
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[1][0]);

    /** One layer: row-major {@code inputs x outputs} weights off-heap, as SGEMM reads them. */
    private record Dense(FloatPointer weights, float[] biasRows, int inputs, int outputs, Activation activation) {
    }

    private final List<Dense> layers;
    private final int widest;

    private DenseInference(List<Dense> layers) {
        this.layers = layers;
        this.widest = layers.stream().mapToInt(l -> Math.max(l.inputs(), l.outputs())).max().orElseThrow();
    }

    /** Whether every layer is a dense or output layer with an activation this class computes. */
    static boolean covers(MultiLayerNetwork network) {
        return Arrays.stream(network.getLayers()).allMatch(l -> (l.conf().getLayer() instanceof DenseLayer
                || l.conf().getLayer() instanceof OutputLayer) && network.getLayerWiseConfigurations()
                .getInputPreProcess(l.getIndex()) == null
                && Activations.of(((BaseLayer) l.conf().getLayer()).getActivationFn()) != null);
    }

    static DenseInference of(MultiLayerNetwork network) {
        if (!covers(network)) {
            throw new IllegalArgumentException("not a stack of dense layers with identity, tanh, sigmoid or ReLU "
                    + "activations: " + Arrays.stream(network.getLayers()).map(l -> l.conf().getLayer().toString()).toList());
        }
        List<Dense> layers = new ArrayList<>();
        for (Layer layer : network.getLayers()) {
            var w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
            float[] bias = layer.getParam(DefaultParamInitializer.BIAS_KEY).castTo(DataType.FLOAT).dup('c').data()
                    .asFloat();
            layers.add(new Dense(Gemm.rightOperand(w), Gemm.biasRows(bias), (int) w.rows(), (int) w.columns(),
                    Activations.of(((BaseLayer) layer.conf().getLayer()).getActivationFn())));
        }
        return new DenseInference(layers);
    }

    int inputs() {
        return layers.get(0).inputs();
    }

    @Override
    public float[] output(float[] rows, int records) {
        int n = records * layers.get(layers.size() - 1).outputs();
        return Arrays.copyOf(compute(rows, records), n);
    }

    /** Copied from the thread's buffer straight into the caller's rows: no batch-sized array in between. */
    @Override
    public void output(float[] rows, int records, float[][] out) {
        float[] values = compute(rows, records);
        int width = layers.get(layers.size() - 1).outputs();
        for (int r = 0; r < records; r++) {
            System.arraycopy(values, r * width, out[r], 0, width);
        }
    }

    /** The output rows, at the start of this thread's buffer. */
    private float[] compute(float[] rows, int records) {
        if (rows.length != (long) records * inputs()) {
            throw new IllegalArgumentException(rows.length + " values are not " + records + " rows of " + inputs());
        }
        float[][] holder = ROWS.get();
        if (holder[0].length < records * widest) {
            holder[0] = new float[records * widest];
        }
        float[] values = holder[0];
        Gemm gemm = Gemm.ofThread();
        gemm.left(rows.length).put(0, rows, 0, rows.length);
        for (int i = 0; i < layers.size(); i++) {
            Dense layer = layers.get(i);
            int n = records * layer.outputs();
            gemm.multiply(records, layer.outputs(), layer.inputs(), layer.weights(), layer.biasRows(), values, 0);
            Activations.apply(layer.activation(), values, n);
            if (i + 1 < layers.size()) {
                gemm.left(n).put(0, values, 0, n);
            }
        }
        return values;
    }
}
