package org.dqmstream.image;

import java.util.Arrays;

/**
 * An image's charge per plane (row) and per cell (column) of each view, the views one after another:
 * per view, {@code height} plane sums then {@code width} cell sums; then, once scaled, one balance per
 * view. Sums add up over the events of a lumisection; divided by the event count they are its mean
 * projections, the occupancy profiles a shifter would look at.
 */
public final class ImageProjections {
    private ImageProjections() {
    }

    /** Length of the sums that events add up to. */
    public static int length(ImageShape shape) {
        return shape.views() * (shape.height() + shape.width());
    }

    /** Length of the scaled projections the autoencoder reads: the sums plus one balance per view. */
    static int scaledLength(ImageShape shape) {
        return length(shape) + shape.views();
    }

    /** Index of a view's balance in the scaled projections. */
    static int balanceIndex(ImageShape shape, int view) {
        return length(shape) + view;
    }

    /** Index of plane {@code row} of {@code view} in the projections. */
    static int planeIndex(ImageShape shape, int view, int row) {
        return view * (shape.height() + shape.width()) + row;
    }

    /** Index of cell {@code column} of {@code view} in the projections. */
    static int cellIndex(ImageShape shape, int view, int column) {
        return view * (shape.height() + shape.width()) + shape.height() + column;
    }

    /** Adds one event's projections to {@code sums}. */
    public static void add(float[] pixels, ImageShape shape, double[] sums) {
        if (pixels.length != shape.pixels()) {
            throw new IllegalArgumentException("image of " + pixels.length + " pixels, expected " + shape);
        }
        for (int v = 0; v < shape.views(); v++) {
            for (int r = 0; r < shape.height(); r++) {
                for (int c = 0; c < shape.width(); c++) {
                    float q = Math.max(0f, pixels[shape.index(v, r, c)]);
                    sums[planeIndex(shape, v, r)] += q;
                    sums[cellIndex(shape, v, c)] += q;
                }
            }
        }
    }

    /** Mean projections of events, the input the image autoencoder reads. */
    public static double[] mean(Iterable<float[]> events, ImageShape shape) {
        double[] sums = new double[length(shape)];
        int n = 0;
        for (float[] e : events) {
            add(e, shape, sums);
            n++;
        }
        for (int j = 0; j < sums.length; j++) {
            sums[j] /= Math.max(1, n);
        }
        return sums;
    }

    /**
     * Mean projections on a log scale, log(1 + mean / q) / log(1 + largest / q) with q an eighth of full
     * scale, so that sparse edge planes and bright central ones both land well inside [0, 1]; then each
     * view's charge over the mean of all views, halved. Views that see the same planes balance at 1/2,
     * which makes a view at low gain stand out however bright the lumisection's events are.
     */
    static float[] scaled(double[] mean, ImageShape shape, float fullScale) {
        double unit = fullScale / 8.0;
        double largest = Math.log1p(fullScale * Math.max(shape.height(), shape.width()) / unit);
        float[] out = new float[scaledLength(shape)];
        double[] totals = new double[shape.views()];
        for (int j = 0; j < mean.length; j++) {
            out[j] = (float) Math.min(1.0, Math.log1p(Math.max(0, mean[j]) / unit) / largest);
        }
        for (int v = 0; v < shape.views(); v++) {
            for (int r = 0; r < shape.height(); r++) {
                totals[v] += Math.max(0, mean[planeIndex(shape, v, r)]);
            }
        }
        double average = Arrays.stream(totals).average().orElseThrow();
        for (int v = 0; v < shape.views(); v++) {
            out[balanceIndex(shape, v)] = (float) (average > 0 ? Math.min(1.0, totals[v] / average / 2) : 0.5);
        }
        return out;
    }
}
