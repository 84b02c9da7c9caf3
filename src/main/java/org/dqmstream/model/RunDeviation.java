package org.dqmstream.model;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How far a run has moved since it started, per channel group: where each lumisection lies along the
 * group's principal directions (its {@link StatisticalPeer} coordinates) against the mean of the run's first
 * {@link #BASELINE_LUMISECTIONS}, in units of how much good runs move along each direction within a run,
 * as the root mean square over the directions that are run conditions (a scale of 0 leaves one out). Good data's first directions are mostly run conditions
 * (calibration, beam spot, pile-up): across runs they spread 15-25 times wider than within one, so a shift
 * that starts inside a run, such as a calibration step or a creeping energy scale, stands out against the
 * run's own start while it looks like an ordinary run to a comparison with all good runs. The first
 * lumisections of a run have no deviation and are judged by the model's score alone.
 *
 * <p>Not smoothed over lumisections: an EWMA of an earlier deviation (weight 0.5) found a few more faulty
 * lumisections of the fault zoo, but its memory flagged the good lumisections after each fault too,
 * doubling the clean false-alarm rate on runs with faults.
 */
public final class RunDeviation {
    public static final int BASELINE_LUMISECTIONS = 4;

    /** Which model's directions the baseline lies along: a hash of its version. */
    private final int model;
    private int seen;
    /** Per group, how many lumisections its baseline has taken. */
    private final int[] taken;
    /** Per group the sum, then (once formed) the mean, of the baseline's coordinates; empty for a group without. */
    private final float[][] baseline;

    /**
     * @param model      the version of the model in service
     * @param directions per group, how many principal directions it has (0 for a group without a peer)
     */
    public RunDeviation(String model, int[] directions) {
        this(model.hashCode(), 0, new int[directions.length],
                Arrays.stream(directions).mapToObj(float[]::new).toArray(float[][]::new));
    }

    private RunDeviation(int model, int seen, int[] taken, float[][] baseline) {
        this.model = model;
        this.seen = seen;
        this.taken = taken;
        this.baseline = baseline;
    }

    /**
     * Whether this deviation follows that model's groups: after a model swap the baseline lies along
     * directions the new model does not have.
     */
    public boolean follows(String model, int[] directions) {
        if (model.hashCode() != this.model || directions.length != baseline.length) {
            return false;
        }
        for (int g = 0; g < directions.length; g++) {
            if (baseline[g].length != directions[g]) {
                return false;
            }
        }
        return true;
    }

    /** Per group, how far a lumisection's score is above what an ordinary lumisection scores. */
    public static double[] aboveOrdinary(java.util.List<ChannelGroupModel> groups, double[] groupScores) {
        double[] out = new double[groupScores.length];
        for (int g = 0; g < out.length; g++) {
            out[g] = groupScores[g] - groups.get(g).ordinaryScore();
        }
        return out;
    }

    /** Lumisections of the run taken so far. */
    public int seen() {
        return seen;
    }

    /**
     * Takes the run's next lumisection; returns each group's deviation, NaN while its baseline is still
     * forming and for a group without directions. Only a lumisection the model finds ordinary for a group
     * (a score no higher than the median of good data) enters that group's baseline: a fault at the start of
     * a run would otherwise make every later good lumisection look moved, and a subtle one raises the score
     * a little without being flagged.
     *
     * @param coordinates per group, its coordinates (empty for a group without)
     * @param scales      per group and direction, one over good runs' spread along it within a run; 0 for a
     *                    direction not followed
     * @param scores      per group, the model's score of this lumisection less what an ordinary one scores
     */
    public double[] next(float[][] coordinates, float[][] scales, double[] scores) {
        double[] out = new double[baseline.length];
        seen++;
        for (int g = 0; g < baseline.length; g++) {
            float[] b = baseline[g];
            float[] c = coordinates[g];
            if (taken[g] < BASELINE_LUMISECTIONS || b.length == 0) {
                if (b.length > 0 && scores[g] <= 0) {
                    taken[g]++;
                    for (int d = 0; d < b.length; d++) {
                        b[d] += c[d];
                        if (taken[g] == BASELINE_LUMISECTIONS) {
                            b[d] /= BASELINE_LUMISECTIONS;
                        }
                    }
                }
                out[g] = Double.NaN;
            } else {
                double sum = 0;
                int followed = 0;
                for (int d = 0; d < b.length; d++) {
                    double x = (c[d] - b[d]) * scales[g][d];
                    sum += x * x;
                    followed += scales[g][d] > 0 ? 1 : 0;
                }
                out[g] = followed == 0 ? Double.NaN : Math.sqrt(sum / followed);
            }
        }
        return out;
    }

    /** Marks this encoding; a run history written before it holds a non-negative count here instead. */
    private static final int FORMAT = -2;

    public int byteSize() {
        return 4 + 4 + 4 + 4 + Arrays.stream(baseline).mapToInt(b -> 4 + 4 + 4 * b.length).sum();
    }

    public void write(ByteBuffer b) {
        b.putInt(FORMAT).putInt(model).putInt(seen).putInt(baseline.length);
        for (int g = 0; g < baseline.length; g++) {
            b.putInt(taken[g]).putInt(baseline[g].length);
            for (float x : baseline[g]) {
                b.putFloat(x);
            }
        }
    }

    /**
     * Reads a deviation written by {@link #write}; one written in an earlier encoding (per subsystem, before
     * the principal directions) is dropped and the run's deviation starts afresh.
     */
    public static RunDeviation read(ByteBuffer b) {
        if (b.getInt() != FORMAT) {
            b.position(b.limit());
            return new RunDeviation("", new int[0]);
        }
        int model = b.getInt();
        int seen = b.getInt();
        float[][] baseline = new float[b.getInt()][];
        int[] taken = new int[baseline.length];
        for (int g = 0; g < baseline.length; g++) {
            taken[g] = b.getInt();
            baseline[g] = new float[b.getInt()];
            for (int d = 0; d < baseline[g].length; d++) {
                baseline[g][d] = b.getFloat();
            }
        }
        return new RunDeviation(model, seen, taken, baseline);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunDeviation d && d.model == model && d.seen == seen && Arrays.equals(d.taken, taken)
                && Arrays.deepEquals(d.baseline, baseline);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(baseline) + seen;
    }
}
