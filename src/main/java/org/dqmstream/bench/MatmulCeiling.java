package org.dqmstream.bench;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's FP32 matrix-multiply rate through ND4J (OpenBLAS on the CPU backend, cuBLAS on CUDA):
 * the ceiling every scoring figure is measured against.
 */
public final class MatmulCeiling {
    private MatmulCeiling() {
    }

    /**
     * @param gflops  best of the timed repetitions, in 10^9 floating-point operations per second
     * @param threads BLAS threads it ran with
     */
    public record Result(int size, int threads, double gflops) {
    }

    /**
     * Multiplies two n x n float matrices (2 n^3 operations) a few times with {@code threads} BLAS threads,
     * keeps the best rate, and gives the BLAS back its thread count.
     */
    public static Result measure(int n, int repetitions, int threads) {
        Blas blas = Nd4j.factory().blas();
        int configured = blas.getMaxThreads();
        blas.setMaxThreads(threads);
        try {
            return new Result(n, blas.getMaxThreads(), measure(n, repetitions));
        } finally {
            blas.setMaxThreads(configured);
        }
    }

    private static double measure(int n, int repetitions) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {n, n}, 'f');
        a.mmuli(b, c); // warm-up: thread pools, first-touch of the buffers
        double best = 0;
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            a.mmuli(b, c);
            Nd4j.getExecutioner().commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
        }
        return best;
    }
}
