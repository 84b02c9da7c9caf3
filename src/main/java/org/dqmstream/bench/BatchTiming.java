package org.dqmstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Time of one scoring call on a batch, outside the stream: what the model itself costs, to set beside
 * the matrix-multiply ceiling measured in the same run.
 *
 * @param secondsPerBatch median of the timed calls
 */
public record BatchTiming(int batch, double secondsPerBatch, int calls) {

    public double recordsPerSecond() {
        return batch / secondsPerBatch;
    }

    /** Calls {@code scoreOneBatch} through {@code warmUp}, then times it for at least {@code measure} (3 calls at least). */
    public static BatchTiming measure(int batch, Runnable scoreOneBatch, Duration warmUp, Duration measure) {
        long warmEnd = System.nanoTime() + warmUp.toNanos();
        do {
            scoreOneBatch.run();
        } while (System.nanoTime() < warmEnd);
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + measure.toNanos();
        while (times.size() < 3 || System.nanoTime() < end) {
            long start = System.nanoTime();
            scoreOneBatch.run();
            times.add(System.nanoTime() - start);
        }
        times.sort(null);
        return new BatchTiming(batch, times.get(times.size() / 2) / 1e9, times.size());
    }
}
