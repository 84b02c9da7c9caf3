package org.dqmstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/** A network's outputs for a batch of records, given and returned as consecutive rows. */
public interface BatchInference {
    /** {@code records x inputs} values in, {@code records x outputs} values out. */
    float[] output(float[] rows, int records);

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
}
