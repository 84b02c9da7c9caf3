package org.dqmstream.model;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How far a run's subsystem scores have moved from where the run started: the score of each
 * lumisection less the mean score of the run's first {@link #BASELINE_LUMISECTIONS}. Runs differ from one
 * another (calibrations, conditions) more than a fault of a few features moves one lumisection, so a fault
 * that starts inside a run stands out against the run's own start far better than against all good runs.
 * The first lumisections of a run have no deviation and are judged by the model's score alone.
 *
 * <p>Not smoothed over lumisections: an EWMA of the deviation (weight 0.5) found a few more faulty
 * lumisections of the fault zoo, but its memory flagged the good lumisections after each fault too,
 * doubling the clean false-alarm rate on runs with faults.
 */
public final class RunDeviation {
    public static final int BASELINE_LUMISECTIONS = 4;

    private int seen;
    private final double[] baseline;

    public RunDeviation(int subsystems) {
        this(0, new double[subsystems]);
    }

    private RunDeviation(int seen, double[] baseline) {
        this.seen = seen;
        this.baseline = baseline;
    }

    public int subsystems() {
        return baseline.length;
    }

    /** Lumisections of the run taken so far. */
    public int seen() {
        return seen;
    }

    /**
     * Takes the run's next lumisection's subsystem scores; returns each subsystem's deviation, or NaN
     * while the baseline is still forming.
     */
    public double[] next(double[] scores) {
        double[] out = new double[scores.length];
        seen++;
        for (int s = 0; s < scores.length; s++) {
            if (seen <= BASELINE_LUMISECTIONS) {
                baseline[s] += scores[s] / BASELINE_LUMISECTIONS;
                out[s] = Double.NaN;
            } else {
                out[s] = scores[s] - baseline[s];
            }
        }
        return out;
    }

    public int byteSize() {
        return 4 + 4 + 8 * baseline.length;
    }

    public void write(ByteBuffer b) {
        b.putInt(seen).putInt(baseline.length);
        for (double x : baseline) {
            b.putDouble(x);
        }
    }

    public static RunDeviation read(ByteBuffer b) {
        int seen = b.getInt();
        double[] baseline = new double[b.getInt()];
        for (int s = 0; s < baseline.length; s++) {
            baseline[s] = b.getDouble();
        }
        return new RunDeviation(seen, baseline);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunDeviation d && d.seen == seen && Arrays.equals(d.baseline, baseline);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(baseline) + seen;
    }
}
