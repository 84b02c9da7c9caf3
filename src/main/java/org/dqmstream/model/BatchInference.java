package org.dqmstream.model;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/** A network's outputs for a batch of records, given and returned as consecutive rows. */
public interface BatchInference {
    /** {@code records x inputs} values in, {@code records x outputs} values out. */
    float[] output(float[] rows, int records);

    /** The same into the caller's rows, one per record: for a caller that keeps records apart. */
    default void output(float[] rows, int records, float[][] out) {
        float[] flat = output(rows, records);
        int width = flat.length / records;
        for (int r = 0; r < records; r++) {
            System.arraycopy(flat, r * width, out[r], 0, width);
        }
    }

    /**
     * {@link #output} computed in parts of at most {@code maxPart} records, the parts in parallel on the
     * common fork-join pool where {@link #concurrentCallsAllowed}: for one network on a large batch. A batch
     * too small to give every thread a full part is split evenly over the threads.
     */
    default float[] outputInParts(float[] rows, int records, int maxPart) {
        int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
        int part = Math.max(1, Math.min(maxPart, (records + threads - 1) / threads));
        if (records <= part || !concurrentCallsAllowed()) {
            return output(rows, records);
        }
        int width = rows.length / records;
        List<float[]> parts = IntStream.range(0, (records + part - 1) / part).parallel().mapToObj(p -> {
            int from = p * part;
            int to = Math.min(records, from + part);
            return output(Arrays.copyOfRange(rows, from * width, to * width), to - from);
        }).toList();
        float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * Whether inferences of different networks should run on several threads at once: on the CPU backend
     * with a single-threaded BLAS. A multi-threaded BLAS already spreads each multiply over the cores, and
     * threads of our own on top of its threads would oversubscribe them.
     */
    static boolean concurrentCallsAllowed() {
        return Nd4j.getEnvironment().isCPU() && Nd4j.factory().blas().getMaxThreads() == 1;
    }

    /**
     * The fused dense path on the CPU backend; elsewhere (ND4J CUDA, layers it does not cover) the
     * network's own {@code output}, which runs on whichever backend ND4J loaded.
     */
    static BatchInference of(MultiLayerNetwork network) {
        if (Nd4j.getEnvironment().isCPU() && DenseInference.covers(network)) {
            return DenseInference.of(network);
        }
        return (rows, records) -> {
            synchronized (network) {
                // A MultiLayerNetwork keeps per-call workspace state: one caller at a time.
                return network.output(Nd4j.create(rows, new long[] {records, rows.length / records}, 'c'), false)
                        .dup('c').data().asFloat();
            }
        };
    }

    /**
     * The im2col path on the CPU backend for a graph it covers, with channels-first inputs of the given
     * shape; elsewhere the graph's own {@code outputSingle}.
     */
    static BatchInference of(ComputationGraph graph, int channels, int height, int width) {
        if (Nd4j.getEnvironment().isCPU() && ConvolutionalInference.covers(graph, channels, height, width)) {
            return ConvolutionalInference.of(graph, channels, height, width);
        }
        return (rows, records) -> {
            synchronized (graph) {
                return graph.outputSingle(false, Nd4j.create(rows, new long[] {records, channels, height, width}, 'c'))
                        .dup('c').data().asFloat();
            }
        };
    }
}
