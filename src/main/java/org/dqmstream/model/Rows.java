package org.dqmstream.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Network outputs as Java rows, and their sums. */
public final class Rows {
    private Rows() {
    }

    /**
     * The rows of a matrix. ND4J's own {@code toFloatMatrix()} reads element by element: 100-280 ms
     * for the 13 outputs of one 256-record batch on 2 cores of an AMD EPYC VM ({@code bench}), twice the
     * networks' own time. One contiguous
     * copy and a split takes 3-5 ms.
     */
    public static float[][] of(INDArray matrix) {
        int rows = (int) matrix.rows();
        int columns = (int) matrix.columns();
        float[] flat = matrix.dup('c').data().asFloat();
        float[][] out = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, out[r], 0, columns);
        }
        return out;
    }

    /**
     * The sum of a row, in four running sums: one sum waits on each addition before the next (4 cycles
     * each), and the JIT keeps floating-point additions in order, so it does not split them itself.
     */
    public static double sum(float[] row) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < row.length; j += 4) {
            s0 += row[j];
            s1 += row[j + 1];
            s2 += row[j + 2];
            s3 += row[j + 3];
        }
        for (; j < row.length; j++) {
            s0 += row[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The mean of the largest values of {@code e}, as many as {@code largest} holds (its scratch space). */
    public static double meanOfLargest(float[] e, float[] largest) {
        java.util.Arrays.fill(largest, -1f);
        int last = largest.length - 1;
        for (float x : e) {
            if (x > largest[last]) {
                int at = last;
                while (at > 0 && largest[at - 1] < x) {
                    largest[at] = largest[at - 1];
                    at--;
                }
                largest[at] = x;
            }
        }
        double sum = 0;
        for (float x : largest) {
            sum += x;
        }
        return sum / largest.length;
    }
}
