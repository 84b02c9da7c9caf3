package org.dqmstream.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The FP32 ceiling in the same JMH run as the scoring benchmarks: one 2048 x 2048 ND4J mmul with BLAS
 * threads on every core, 2 n^3 operations. GFLOP/s = 17.18 / (ms per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class MatmulCeilingBenchmark {
    @Param({"2048"})
    int size;

    INDArray a;
    INDArray b;
    INDArray c;
    private int configuredThreads;

    @Setup
    public void setUp() {
        Blas blas = Nd4j.factory().blas();
        configuredThreads = blas.getMaxThreads();
        blas.setMaxThreads(Runtime.getRuntime().availableProcessors());
        a = Nd4j.rand(DataType.FLOAT, size, size);
        b = Nd4j.rand(DataType.FLOAT, size, size);
        c = Nd4j.create(DataType.FLOAT, new long[] {size, size}, 'f');
    }

    @TearDown
    public void tearDown() {
        Nd4j.factory().blas().setMaxThreads(configuredThreads);
    }

    @Benchmark
    public INDArray multiply() {
        return a.mmuli(b, c);
    }
}
