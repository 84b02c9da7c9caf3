package org.dqmstream.image;

import static org.dqmstream.hdf5.Hdf5Datasets.dataset;
import static org.dqmstream.hdf5.Hdf5Datasets.floats;
import static org.dqmstream.hdf5.Hdf5Datasets.ints;

import java.util.Arrays;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * NOvA CVN training files in HDF5: a dataset {@code cvnmap} with one flattened 2x100x80 uint8 image per
 * row, and a group {@code neutrino} with per-event datasets {@code interaction}, {@code finalstate},
 * {@code nuenergy} and {@code lepenergy}. Read with jhdf (pure Java) in slices, so a file of millions
 * of events never has to fit in memory.
 */
public final class NovaFile {
    static final String IMAGES = "cvnmap";
    static final String TRUTH = "neutrino";
    private static final int SLICE = 512;

    private NovaFile() {
    }

    public static List<NovaEvent> readAll(Path file) throws IOException {
        List<NovaEvent> out = new ArrayList<>();
        read(file, out::add);
        return out;
    }

    /** Streams every event of the file to {@code sink}, {@value #SLICE} rows at a time. */
    public static void read(Path file, Consumer<NovaEvent> sink) throws IOException {
        try (HdfFile hdf = new HdfFile(file)) {
            Dataset images = dataset(hdf, IMAGES, file);
            int[] dims = images.getDimensions();
            if (dims.length != 2 || dims[1] != NovaEvent.PIXELS) {
                throw new IOException(file + ": " + IMAGES + " has shape " + Arrays.toString(dims)
                        + ", expected [events, " + NovaEvent.PIXELS + "] (2 views x 100 planes x 80 cells)");
            }
            int events = dims[0];
            int[] interaction = ints(dataset(hdf, TRUTH + "/interaction", file), events, IMAGES, file);
            int[] finalState = ints(dataset(hdf, TRUTH + "/finalstate", file), events, IMAGES, file);
            float[] nuEnergy = floats(dataset(hdf, TRUTH + "/nuenergy", file), events, IMAGES, file);
            float[] lepEnergy = floats(dataset(hdf, TRUTH + "/lepenergy", file), events, IMAGES, file);
            for (int start = 0; start < events; start += SLICE) {
                int rows = Math.min(SLICE, events - start);
                Object slice = images.getData(new long[] {start, 0}, new int[] {rows, NovaEvent.PIXELS});
                for (int r = 0; r < rows; r++) {
                    int e = start + r;
                    sink.accept(new NovaEvent(bytes(Array.get(slice, r)), NovaInteraction.ofCode(interaction[e]),
                            finalState[e], nuEnergy[e], lepEnergy[e]));
                }
            }
        } catch (HdfException | IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes events in the same layout (images as 8-bit integers), for tests and generated samples. */
    public static void write(Path file, List<NovaEvent> events) {
        byte[][] images = new byte[events.size()][];
        int[] interaction = new int[events.size()];
        int[] finalState = new int[events.size()];
        float[] nuEnergy = new float[events.size()];
        float[] lepEnergy = new float[events.size()];
        for (int i = 0; i < events.size(); i++) {
            NovaEvent e = events.get(i);
            images[i] = e.pixels();
            interaction[i] = e.interaction().code();
            finalState[i] = e.finalState();
            nuEnergy[i] = e.neutrinoEnergy();
            lepEnergy[i] = e.leptonEnergy();
        }
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset(IMAGES, images);
            WritableGroup truth = hdf.putGroup(TRUTH);
            truth.putDataset("interaction", interaction);
            truth.putDataset("finalstate", finalState);
            truth.putDataset("nuenergy", nuEnergy);
            truth.putDataset("lepenergy", lepEnergy);
        }
    }

    /** A row of 8-bit pixels, whichever integer type the file stores them as. */
    private static byte[] bytes(Object row) {
        if (row instanceof byte[] b) {
            return b;
        }
        int n = Array.getLength(row);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) ((Number) Array.get(row, i)).intValue();
        }
        return out;
    }
}
