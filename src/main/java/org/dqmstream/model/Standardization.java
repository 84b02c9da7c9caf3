package org.dqmstream.model;

/**
 * Per-feature mean and standard deviation of good training data. Saved with the model: scoring must
 * see inputs scaled exactly as in training.
 */
public record Standardization(float[] mean, float[] std) {
    private static final double MIN_RELATIVE_STD = 1e-6;

    public static Standardization fit(float[][] rows) {
        int d = rows[0].length;
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        for (float[] row : rows) {
            for (int j = 0; j < d; j++) {
                sum[j] += row[j];
                sumSq[j] += (double) row[j] * row[j];
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            double m = sum[j] / rows.length;
            double var = Math.max(0, sumSq[j] / rows.length - m * m);
            mean[j] = (float) m;
            // A constant feature must not divide by zero, nor turn float rounding into huge errors.
            std[j] = (float) Math.max(Math.sqrt(var), Math.max(Math.abs(m) * MIN_RELATIVE_STD, 1e-12));
        }
        return new Standardization(mean, std);
    }

    /** Standardizes one row, or a batch of consecutive rows. */
    public float[] apply(float[] rows) {
        float[] out = rows.clone();
        applyInPlace(out);
        return out;
    }

    /** The same in place, for a caller that owns the rows: a batch-sized array costs more to allocate than this. */
    public void applyInPlace(float[] rows) {
        int d = mean.length;
        if (rows.length % d != 0) {
            throw new IllegalArgumentException(rows.length + " values are not rows of the " + d + " standardized features");
        }
        // Row by row through a scratch row: a loop whose arrays share one index is one the JIT vectorizes.
        float[] row = new float[d];
        for (int base = 0; base < rows.length; base += d) {
            System.arraycopy(rows, base, row, 0, d);
            for (int j = 0; j < d; j++) {
                row[j] = (row[j] - mean[j]) / std[j];
            }
            System.arraycopy(row, 0, rows, base, d);
        }
    }
}
