package org.dqmstream.model;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The plain statistical method beside a group's autoencoder: the principal subspace of good data's
 * standardized features, and how far a lumisection lies outside it. Each feature's residual (its part
 * the first {@code components} principal components do not explain) is divided by that feature's residual
 * spread on good data, so a feature that good data ties tightly to the others counts as much as a noisy
 * one; the score sees the mean of those squared residuals and the mean of the {@link #TOP_FEATURES}
 * largest, each against its luminosity reference. Linear and cheap (two products of the group's width by
 * {@code components} per lumisection), it is what a data-quality expert would check the network against.
 *
 * <p>Where a lumisection lies along the principal directions (its coordinates) is what the run context
 * follows through a run (see {@link RunDeviation}).
 *
 * @param components     row-major components x features, orthonormal rows
 * @param residualScale  per feature, one over its residual's spread on good data
 * @param driftScale     per component, one over good runs' spread along it within a run
 */
public record StatisticalPeer(int features, float[] components, float[] residualScale, float[] driftScale,
                              ScoreReference reference) {

    /**
     * Per record, the mean of its standardized squared residuals, the mean of the largest of them, and its
     * coordinates along the components (records x components, row-major).
     */
    public record Residuals(double[] means, double[] tops, float[] coordinates) {
    }

    /** How many of a group's largest squared residuals the undiluted score averages. */
    public static final int TOP_FEATURES = ChannelGroupModel.TOP_FEATURES;
    /** Principal components kept per group. */
    public static final int COMPONENTS = 10;
    /**
     * The largest spread within a run, as a share of the spread across runs, of a direction the run context
     * follows (see {@link RunDeviation}).
     */
    static final double RUN_CONDITION_SHARE = 0.5;
    /** The fewest features a group needs for a peer: twice its components. */
    public static final int MIN_FEATURES = 2 * COMPONENTS;
    /** The smallest residual spread a feature is credited with, in units of its standard deviation. */
    private static final double MIN_RESIDUAL_SPREAD = 1e-3;

    public int componentCount() {
        return components.length / features;
    }

    /** @param standardized consecutive rows of standardized features, left unchanged */
    public Residuals residuals(float[] standardized, int records) {
        int k = componentCount();
        double[] means = new double[records];
        double[] tops = new double[records];
        float[] coordinates = new float[records * k];
        float[] row = new float[features];
        float[] projection = new float[k];
        float[] largest = new float[Math.min(TOP_FEATURES, features)];
        for (int r = 0; r < records; r++) {
            System.arraycopy(standardized, r * features, row, 0, features);
            removeSubspace(components, features, row, projection);
            System.arraycopy(projection, 0, coordinates, r * k, k);
            for (int j = 0; j < features; j++) {
                float z = row[j] * residualScale[j];
                row[j] = z * z;
            }
            means[r] = Rows.sum(row) / features;
            tops[r] = Rows.meanOfLargest(row, largest);
        }
        return new Residuals(means, tops, coordinates);
    }

    public StatisticalPeer withReference(ScoreReference reference) {
        return new StatisticalPeer(features, components, residualScale, driftScale, reference);
    }

    /** The peer's log error ratio, as {@link ScoreReference#score} forms it. */
    public double score(double meanSquaredResidual, double topSquaredResidual, double luminosity) {
        return reference.score(meanSquaredResidual, topSquaredResidual, luminosity);
    }

    /**
     * Fits the subspace and the residual spreads to good data's standardized features, then the luminosity
     * references of its scores and the spreads within a run along each direction. Null for a group of fewer
     * than {@link #MIN_FEATURES} features: what varies in a handful of counters is all in its first
     * components, so nothing would be left outside them.
     *
     * @param runs each lumisection's run; each run's lumisections in order
     */
    public static StatisticalPeer fit(float[][] standardized, double[] luminosities, double[] weights, int[] runs) {
        int n = standardized[0].length;
        if (n < MIN_FEATURES) {
            return null;
        }
        int k = COMPONENTS;
        double[][] covariance = new double[n][n];
        for (float[] x : standardized) {
            for (int a = 0; a < n; a++) {
                double xa = x[a];
                double[] ca = covariance[a];
                for (int b = a; b < n; b++) {
                    ca[b] += xa * x[b];
                }
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                covariance[a][b] /= standardized.length;
                covariance[b][a] = covariance[a][b];
            }
        }
        RealMatrix eigenvectors = new EigenDecomposition(new Array2DRowRealMatrix(covariance, false)).getV();
        // commons-math orders eigenvalues from the largest down.
        float[] components = new float[k * n];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < n; j++) {
                components[c * n + j] = (float) eigenvectors.getEntry(j, c);
            }
        }
        double[] spread = new double[n];
        float[] residual = new float[n];
        float[] projection = new float[k];
        for (float[] x : standardized) {
            System.arraycopy(x, 0, residual, 0, n);
            removeSubspace(components, n, residual, projection);
            for (int j = 0; j < n; j++) {
                spread[j] += (double) residual[j] * residual[j] / standardized.length;
            }
        }
        float[] scale = new float[n];
        for (int j = 0; j < n; j++) {
            scale[j] = (float) (1 / Math.max(Math.sqrt(spread[j]), MIN_RESIDUAL_SPREAD));
        }
        StatisticalPeer scaled = new StatisticalPeer(n, components, scale, null, null);
        float[] rows = new float[standardized.length * n];
        for (int r = 0; r < standardized.length; r++) {
            System.arraycopy(standardized[r], 0, rows, r * n, n);
        }
        Residuals residuals = scaled.residuals(rows, standardized.length);
        return new StatisticalPeer(n, components, scale, driftScale(residuals.coordinates(), k, runs),
                ScoreReference.fit(residuals.means(), residuals.tops(), luminosities, weights));
    }

    /**
     * One over the spread, per direction, of coordinates less the mean of their run's first lumisections;
     * 0 for a direction along which lumisections spread within a run more than {@link #RUN_CONDITION_SHARE}
     * of their spread across runs: that is noise, not a run condition, and it would only blur the deviation.
     */
    private static float[] driftScale(float[] coordinates, int k, int[] runs) {
        double[] within = new double[k];
        double[] total = new double[k];
        float[] baseline = new float[k];
        int counted = 0;
        int start = 0;
        for (int i = 0; i < runs.length; i++) {
            for (int c = 0; c < k; c++) {
                total[c] += (double) coordinates[i * k + c] * coordinates[i * k + c] / runs.length;
            }
            if (runs[i] != runs[start]) {
                start = i;
            }
            int position = i - start;
            if (position == 0) {
                java.util.Arrays.fill(baseline, 0f);
            }
            if (position < RunDeviation.BASELINE_LUMISECTIONS) {
                for (int c = 0; c < k; c++) {
                    baseline[c] += coordinates[i * k + c] / RunDeviation.BASELINE_LUMISECTIONS;
                }
                continue;
            }
            counted++;
            for (int c = 0; c < k; c++) {
                double d = coordinates[i * k + c] - baseline[c];
                within[c] += d * d;
            }
        }
        float[] scale = new float[k];
        for (int c = 0; c < k && counted > 0; c++) {
            double spread = Math.sqrt(within[c] / counted);
            scale[c] = spread > RUN_CONDITION_SHARE * Math.sqrt(total[c]) ? 0
                    : (float) (1 / Math.max(spread, MIN_RESIDUAL_SPREAD));
        }
        return scale;
    }

    /** {@code row} less its projection on the subspace of {@code components}, in place; the projection too. */
    private static void removeSubspace(float[] components, int features, float[] row, float[] projection) {
        int k = projection.length;
        for (int c = 0; c < k; c++) {
            // Four running sums, as in Rows.sum: the JIT keeps one sum's additions in order and waits on each.
            int at = c * features;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int j = 0;
            for (; j + 3 < features; j += 4) {
                s0 += components[at + j] * row[j];
                s1 += components[at + j + 1] * row[j + 1];
                s2 += components[at + j + 2] * row[j + 2];
                s3 += components[at + j + 3] * row[j + 3];
            }
            for (; j < features; j++) {
                s0 += components[at + j] * row[j];
            }
            projection[c] = (s0 + s1) + (s2 + s3);
        }
        for (int c = 0; c < k; c++) {
            float p = projection[c];
            int at = c * features;
            for (int j = 0; j < features; j++) {
                row[j] -= p * components[at + j];
            }
        }
    }
}
