package org.dqmstream.lumisection;

import static org.dqmstream.hdf5.Hdf5Datasets.dataset;
import static org.dqmstream.hdf5.Hdf5Datasets.floatRow;
import static org.dqmstream.hdf5.Hdf5Datasets.ints;
import static org.dqmstream.hdf5.Hdf5Datasets.longs;
import static org.dqmstream.hdf5.Hdf5Datasets.optional;
import static org.dqmstream.hdf5.Hdf5Datasets.requireRank;
import static org.dqmstream.hdf5.Hdf5Datasets.requireShape;
import static org.dqmstream.hdf5.Hdf5Datasets.strings;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.lumisection.FeatureTable.Row;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.StreamConditions;

/**
 * Lumisection feature tables in HDF5, as h5py writes numpy arrays, one row per lumisection:
 * {@code run} and {@code lumisection} (integers, [n]), {@code timestamp} (milliseconds since the epoch,
 * [n]), {@code features} (floating point, [n, f]) with {@code feature_names} (strings, [f], which define
 * the layout), optionally {@code streams} (strings, [s]) with {@code luminosity} and {@code events}
 * ([n, s]) per trigger stream, and optionally {@code bad_subsystems} (strings, [n]). Chunked and
 * compressed datasets read as well; features are read {@value #SLICE} rows at a time.
 */
public final class LumisectionHdf5 {
    static final String RUN = "run";
    static final String LUMISECTION = "lumisection";
    static final String TIMESTAMP = "timestamp";
    static final String FEATURES = "features";
    static final String FEATURE_NAMES = "feature_names";
    static final String STREAMS = "streams";
    static final String LUMINOSITY = "luminosity";
    static final String EVENTS = "events";
    private static final int SLICE = 1024;

    private LumisectionHdf5() {
    }

    /** See {@link FeatureTable#write}. */
    static void write(Path file, FeatureLayout layout, List<LumisectionFeatures> records,
                      List<? extends Collection<String>> badSubsystems) throws IOException {
        int n = records.size();
        List<String> streams = n == 0 ? List.of()
                : records.get(0).getStreams().stream().map(StreamConditions::getStream).toList();
        int[] runs = new int[n];
        int[] lumisections = new int[n];
        long[] timestamps = new long[n];
        float[][] features = new float[n][];
        float[][] luminosity = new float[n][streams.size()];
        long[][] events = new long[n][streams.size()];
        for (int i = 0; i < n; i++) {
            LumisectionFeatures r = records.get(i);
            runs[i] = r.getRun();
            lumisections[i] = r.getLumisection();
            timestamps[i] = r.getTimestamp().toEpochMilli();
            features[i] = PackedFloats.unpack(r.getFeatures());
            for (int s = 0; s < streams.size(); s++) {
                luminosity[i][s] = r.getStreams().get(s).getInstantaneousLuminosity();
                events[i][s] = r.getStreams().get(s).getEvents();
            }
        }
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset(RUN, runs);
            hdf.putDataset(LUMISECTION, lumisections);
            hdf.putDataset(TIMESTAMP, timestamps);
            hdf.putDataset(FEATURE_NAMES, layout.names().toArray(String[]::new));
            hdf.putDataset(FEATURES, features);
            if (!streams.isEmpty()) {
                hdf.putDataset(STREAMS, streams.toArray(String[]::new));
                hdf.putDataset(LUMINOSITY, luminosity);
                hdf.putDataset(EVENTS, events);
            }
            if (badSubsystems != null) {
                hdf.putDataset(FeatureTable.LABEL, badSubsystems.stream().map(Row::label)
                        .toArray(String[]::new));
            }
        } catch (HdfException e) {
            throw new IOException(file + ": not written as HDF5 (" + e.getMessage() + ")", e);
        }
    }

    /** See {@link FeatureTable#open}. */
    static FeatureTable open(Path file) throws IOException {
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (HdfException e) {
            throw new IOException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
        try {
            return new Rows(file, hdf);
        } catch (HdfException e) {
            hdf.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    private static final class Rows implements FeatureTable {
        private final Path file;
        private final HdfFile hdf;
        private final FeatureLayout layout;
        private final int[] runs;
        private final int[] lumisections;
        private final long[] timestamps;
        private final String[] labels;
        private final List<String> streams;
        private final Dataset features;
        private final Dataset luminosity;
        private final Dataset events;
        private int next;
        private int sliceStart;
        private Object featureSlice;
        private Object luminositySlice;
        private Object eventSlice;

        Rows(Path file, HdfFile hdf) throws IOException {
            this.file = file;
            this.hdf = hdf;
            features = dataset(hdf, FEATURES, file);
            int[] dims = features.getDimensions();
            requireRank(features, 2, "[lumisections, features]", file);
            int n = dims[0];
            try {
                layout = FeatureLayout.parse(List.of(strings(dataset(hdf, FEATURE_NAMES, file), dims[1],
                        "the columns of " + FEATURES, file)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + FEATURE_NAMES + ": " + e.getMessage(), e);
            }
            String rows = "the rows of " + FEATURES;
            runs = ints(dataset(hdf, RUN, file), n, rows, file);
            lumisections = ints(dataset(hdf, LUMISECTION, file), n, rows, file);
            timestamps = longs(dataset(hdf, TIMESTAMP, file), n, rows, file);
            Optional<Dataset> label = optional(hdf, FeatureTable.LABEL, file);
            labels = label.isPresent() ? strings(label.get(), n, rows, file) : null;
            Optional<Dataset> streamNames = optional(hdf, STREAMS, file);
            if (streamNames.isPresent()) {
                requireRank(streamNames.get(), 1, "[streams]", file);
                int s = streamNames.get().getDimensions()[0];
                streams = List.of(strings(streamNames.get(), s, "a list of trigger streams", file));
                luminosity = dataset(hdf, LUMINOSITY, file);
                events = dataset(hdf, EVENTS, file);
                String like = "[lumisections, " + STREAMS + "]";
                requireShape(luminosity, new int[] {n, s}, like, file);
                requireShape(events, new int[] {n, s}, like, file);
            } else {
                streams = List.of();
                luminosity = null;
                events = null;
            }
        }

        @Override
        public FeatureLayout layout() {
            return layout;
        }

        @Override
        public boolean labelled() {
            return labels != null;
        }

        @Override
        public long size() {
            return runs.length;
        }

        @Override
        public boolean hasNext() {
            return next < runs.length;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int row = next++;
            try {
                if (featureSlice == null || row >= sliceStart + SLICE) {
                    readSlice(row);
                }
                return row(row, row - sliceStart);
            } catch (HdfException | IllegalArgumentException e) {
                throw new UncheckedIOException(new IOException(file + " row " + row + ": " + e.getMessage(), e));
            }
        }

        private void readSlice(int start) {
            int rows = Math.min(SLICE, runs.length - start);
            sliceStart = start;
            featureSlice = features.getData(new long[] {start, 0}, new int[] {rows, layout.size()});
            if (!streams.isEmpty()) {
                luminositySlice = luminosity.getData(new long[] {start, 0}, new int[] {rows, streams.size()});
                eventSlice = events.getData(new long[] {start, 0}, new int[] {rows, streams.size()});
            }
        }

        private Row row(int row, int inSlice) {
            List<StreamConditions> conditions = new ArrayList<>(streams.size());
            for (int s = 0; s < streams.size(); s++) {
                conditions.add(new StreamConditions(streams.get(s),
                        ((Number) Array.get(Array.get(luminositySlice, inSlice), s)).floatValue(),
                        ((Number) Array.get(Array.get(eventSlice, inSlice), s)).longValue()));
            }
            float[] values = floatRow(Array.get(featureSlice, inSlice));
            LumisectionFeatures record = new LumisectionFeatures(runs[row], lumisections[row],
                    Instant.ofEpochMilli(timestamps[row]), conditions, layout.id(), values.length,
                    PackedFloats.pack(values));
            return Row.of(record, labels == null ? null : labels[row]);
        }

        @Override
        public void close() {
            hdf.close();
        }
    }
}
