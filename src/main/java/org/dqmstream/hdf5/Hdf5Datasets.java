package org.dqmstream.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfInvalidPathException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The datasets of an HDF5 file (read with jhdf) with their shapes checked and their values converted from
 * whichever type the writer chose (h5py keeps numpy's int64 and float64, jhdf writes int32 and float32).
 * Every error names the file and the dataset.
 */
public final class Hdf5Datasets {
    private Hdf5Datasets() {
    }

    public static Dataset dataset(HdfFile hdf, String path, Path file) throws IOException {
        try {
            return hdf.getDatasetByPath(path);
        } catch (HdfException e) {
            throw new IOException(file + ": no dataset '" + path + "' (" + e.getMessage() + ")", e);
        }
    }

    /** The dataset at {@code path}, or empty when the file has nothing there. */
    public static Optional<Dataset> optional(HdfFile hdf, String path, Path file) throws IOException {
        try {
            hdf.getByPath(path);
        } catch (HdfInvalidPathException e) {
            return Optional.empty();
        }
        return Optional.of(dataset(hdf, path, file));
    }

    /** Fails unless {@code d} has exactly the shape {@code dims}; {@code like} says where that shape comes from. */
    public static void requireShape(Dataset d, int[] dims, String like, Path file) throws IOException {
        if (!Arrays.equals(d.getDimensions(), dims)) {
            throw new IOException(file + ": " + d.getPath() + " has shape " + Arrays.toString(d.getDimensions())
                    + ", expected " + Arrays.toString(dims) + " like " + like);
        }
    }

    /** Fails unless {@code d} has {@code rank} dimensions; {@code expected} names them. */
    public static void requireRank(Dataset d, int rank, String expected, Path file) throws IOException {
        if (d.getDimensions().length != rank) {
            throw new IOException(file + ": " + d.getPath() + " has shape " + Arrays.toString(d.getDimensions())
                    + ", expected " + expected);
        }
    }

    public static int[] ints(Dataset d, int rows, String like, Path file) throws IOException {
        Object data = column(d, rows, like, file);
        return IntStream.range(0, rows).map(i -> number(data, i).intValue()).toArray();
    }

    public static long[] longs(Dataset d, int rows, String like, Path file) throws IOException {
        Object data = column(d, rows, like, file);
        return IntStream.range(0, rows).mapToLong(i -> number(data, i).longValue()).toArray();
    }

    public static float[] floats(Dataset d, int rows, String like, Path file) throws IOException {
        return floatRow(column(d, rows, like, file));
    }

    public static String[] strings(Dataset d, int rows, String like, Path file) throws IOException {
        if (d.getJavaType() != String.class) {
            throw new IOException(file + ": " + d.getPath() + " holds " + d.getJavaType().getSimpleName()
                    + ", expected strings");
        }
        return (String[]) column(d, rows, like, file);
    }

    /** A numeric array (one row of a matrix, or a column) as floats: float32 as it is, anything else converted. */
    public static float[] floatRow(Object row) {
        if (row instanceof float[] f) {
            return f;
        }
        int n = Array.getLength(row);
        float[] out = new float[n];
        if (row instanceof double[] d) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = number(row, i).floatValue();
        }
        return out;
    }

    private static Number number(Object array, int i) {
        return (Number) Array.get(array, i);
    }

    private static Object column(Dataset d, int rows, String like, Path file) throws IOException {
        requireShape(d, new int[] {rows}, like, file);
        return d.getData();
    }
}
