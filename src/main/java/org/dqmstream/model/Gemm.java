package org.dqmstream.model;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One thread's off-heap operands for OpenBLAS SGEMM, grown to the largest need and reused: fresh off-heap
 * arrays per call cost page faults on this VM. Shared by every network: a thread runs one inference at a
 * time. Bulk copies through NIO views run at memcpy speed; element access to off-heap memory is 5x slower
 * than to a Java array, so callers fill the left operand in bulk and get the product back in a Java array.
 */
final class Gemm {
    private static final ThreadLocal<Gemm> OF_THREAD = ThreadLocal.withInitial(Gemm::new);

    private FloatPointer left = new FloatPointer(0L);
    private FloatPointer product = new FloatPointer(0L);
    private FloatBuffer leftView = left.asBuffer();
    private FloatBuffer productView = product.asBuffer();

    private Gemm() {
    }

    static Gemm ofThread() {
        return OF_THREAD.get();
    }

    /** A matrix as SGEMM's right operand: row-major off-heap floats. */
    static FloatPointer rightOperand(INDArray matrix) {
        return new FloatPointer(matrix.castTo(DataType.FLOAT).dup('c').data().asFloat());
    }

    /** The left operand's buffer with room for {@code values} floats, to be filled before {@link #multiply}. */
    FloatBuffer left(long values) {
        if (left.capacity() < values) {
            left.close();
            left = new FloatPointer(values);
            leftView = left.asBuffer();
        }
        return leftView;
    }

    /**
     * A bias as {@link #multiply} takes it: repeated to some thousand values, so that filling the product
     * with it takes a few bulk copies.
     */
    static float[] biasRows(float[] bias) {
        int repeats = Math.max(1, 4096 / bias.length);
        float[] rows = new float[repeats * bias.length];
        for (int r = 0; r < repeats; r++) {
            System.arraycopy(bias, 0, rows, r * bias.length, bias.length);
        }
        return rows;
    }

    /**
     * {@code out[at, at + rows x columns) = left (rows x depth) * right (depth x columns) + bias}, all row-major,
     * the bias given by {@link #biasRows}. SGEMM adds the product to the bias already in place: a bias
     * added in Java with a second array offset is a loop the JIT does not vectorize.
     */
    void multiply(int rows, int columns, int depth, FloatPointer right, float[] biasRows, float[] out, int at) {
        int values = Math.multiplyExact(rows, columns);
        if (product.capacity() < values) {
            product.close();
            product = new FloatPointer(values);
            productView = product.asBuffer();
        }
        for (int filled = 0; filled < values; filled += biasRows.length) {
            productView.put(filled, biasRows, 0, Math.min(biasRows.length, values - filled));
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, columns, depth, 1f, left, depth, right, columns,
                1f, product, columns);
        productView.get(0, out, at, values);
    }
}
