package org.dqmstream.image;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The NOvA numu-CC CNN (the seed's architecture, untrained weights: the arithmetic is the same) on a
 * batch of generated two-view events: time per batch; divide by the batch for time per image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class NumuIdentifierBenchmark {
    @Param({"1", "32", "256"})
    int batch;

    NumuIdentifier identifier;
    float[][] events;

    @Setup
    public void setUp() {
        identifier = NumuIdentifier.untrained(1);
        events = new NovaEventGenerator(3).take(batch).stream().map(NovaEvent::charges).toArray(float[][]::new);
    }

    @Benchmark
    public float[][] classifyBatch() {
        return identifier.probabilities(events);
    }
}
