package org.dqmstream.lumisection;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.lumisection.FeatureTable.Row;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.StreamConditions;

/**
 * Lumisection feature tables as CSV, one row per lumisection: {@code run}, {@code lumisection},
 * {@code timestamp} (ISO-8601), a {@code luminosity:<stream>} and an {@code events:<stream>} column per
 * trigger stream, optionally a {@code bad_subsystems} label (subsystems separated by {@code ;}, empty when
 * good), then one column per feature, named as in the feature layout. The feature columns define the
 * layout the records carry.
 */
public final class LumisectionCsv {
    private static final String LUMINOSITY = "luminosity:";
    private static final String EVENTS = "events:";
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private LumisectionCsv() {
    }

    /** See {@link FeatureTable#write}. */
    static void write(Path file, FeatureLayout layout, List<LumisectionFeatures> records,
                             List<? extends Collection<String>> badSubsystems) throws IOException {
        List<String> streams = records.isEmpty() ? List.of()
                : records.get(0).getStreams().stream().map(StreamConditions::getStream).toList();
        List<String> header = new ArrayList<>(List.of("run", "lumisection", "timestamp"));
        streams.forEach(s -> header.addAll(List.of(LUMINOSITY + s, EVENTS + s)));
        if (badSubsystems != null) {
            header.add(FeatureTable.LABEL);
        }
        header.addAll(layout.names());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             SequenceWriter rows = CSV.writerFor(String[].class).writeValues(out)) {
            rows.write(header.toArray(String[]::new));
            for (int r = 0; r < records.size(); r++) {
                LumisectionFeatures f = records.get(r);
                List<String> row = new ArrayList<>(header.size());
                row.addAll(List.of(Integer.toString(f.getRun()), Integer.toString(f.getLumisection()),
                        f.getTimestamp().toString()));
                for (StreamConditions s : f.getStreams()) {
                    row.add(Float.toString(s.getInstantaneousLuminosity()));
                    row.add(Long.toString(s.getEvents()));
                }
                if (badSubsystems != null) {
                    row.add(Row.label(badSubsystems.get(r)));
                }
                for (float v : PackedFloats.unpack(f.getFeatures())) {
                    row.add(Float.toString(v));
                }
                rows.write(row.toArray(String[]::new));
            }
        }
    }

    /** Opens {@code file} for reading its rows in order; a malformed row fails naming its line. */
    static FeatureTable open(Path file) throws IOException {
        MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(file.toFile());
        try {
            if (!rows.hasNext()) {
                throw new IOException(file + " is empty");
            }
            return new Rows(file, rows, Columns.of(file, rows.next()));
        } catch (IOException | RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    private static final class Rows implements FeatureTable {
        private final Path file;
        private final MappingIterator<String[]> rows;
        private final Columns columns;
        private long line = 1;

        private Rows(Path file, MappingIterator<String[]> rows, Columns columns) {
            this.file = file;
            this.rows = rows;
            this.columns = columns;
        }

        @Override
        public FeatureLayout layout() {
            return columns.layout();
        }

        @Override
        public boolean labelled() {
            return columns.label() >= 0;
        }

        /** Counted by reading the file once more: one line per row after the header. */
        @Override
        public long size() throws IOException {
            try (Stream<String> lines = Files.lines(file)) {
                return lines.count() - 1;
            }
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Row next() {
            line++;
            String[] row = rows.next();
            try {
                return columns.row(row);
            } catch (RuntimeException e) {
                throw new UncheckedIOException(new IOException(file + " line " + line + ": " + e.getMessage(), e));
            }
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }

    /** Where each value sits in a row, from the header. */
    private record Columns(int run, int lumisection, int timestamp, List<String> streams, int[] luminosity,
                           int[] events, int label, FeatureLayout layout, int firstFeature) {
        static Columns of(Path file, String[] header) throws IOException {
            List<String> names = Arrays.stream(header).map(String::trim).toList();
            List<String> streams = names.stream().filter(n -> n.startsWith(LUMINOSITY))
                    .map(n -> n.substring(LUMINOSITY.length())).toList();
            int[] luminosity = streams.stream().mapToInt(s -> names.indexOf(LUMINOSITY + s)).toArray();
            int[] events = streams.stream().mapToInt(s -> names.indexOf(EVENTS + s)).toArray();
            int label = names.indexOf(FeatureTable.LABEL);
            int firstFeature = Math.max(label, Arrays.stream(events).max().orElse(2)) + 1;
            for (String required : List.of("run", "lumisection", "timestamp")) {
                if (!names.contains(required)) {
                    throw new IOException(file + ": no '" + required + "' column");
                }
            }
            if (Arrays.stream(events).anyMatch(i -> i < 0)) {
                throw new IOException(file + ": every " + LUMINOSITY + "<stream> column needs its " + EVENTS
                        + "<stream>");
            }
            FeatureLayout layout;
            try {
                layout = FeatureLayout.parse(names.subList(firstFeature, names.size()));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": feature columns: " + e.getMessage(), e);
            }
            return new Columns(names.indexOf("run"), names.indexOf("lumisection"), names.indexOf("timestamp"), streams,
                    luminosity, events, label, layout, firstFeature);
        }

        Row row(String[] row) {
            if (row.length != firstFeature + layout.size()) {
                throw new IllegalArgumentException(row.length + " values, the header has " + (firstFeature
                        + layout.size()));
            }
            List<StreamConditions> conditions = new ArrayList<>();
            for (int s = 0; s < streams.size(); s++) {
                conditions.add(new StreamConditions(streams.get(s), Float.parseFloat(row[luminosity[s]]),
                        Long.parseLong(row[events[s]])));
            }
            float[] features = new float[layout.size()];
            for (int i = 0; i < features.length; i++) {
                features[i] = Float.parseFloat(row[firstFeature + i]);
            }
            LumisectionFeatures record = new LumisectionFeatures(Integer.parseInt(row[run]),
                    Integer.parseInt(row[lumisection]), Instant.parse(row[timestamp]), conditions, layout.id(),
                    features.length, PackedFloats.pack(features));
            return Row.of(record, label < 0 ? null : row[label]);
        }
    }
}
