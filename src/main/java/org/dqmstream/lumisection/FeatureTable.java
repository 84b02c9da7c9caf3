package org.dqmstream.lumisection;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.dqmstream.records.LumisectionFeatures;

/**
 * A lumisection feature table, read one row at a time so that a whole data-taking period need not fit
 * in memory: HDF5 ({@link LumisectionHdf5}) for a file named {@code *.h5} or {@code *.hdf5}, CSV
 * ({@link LumisectionCsv}) otherwise. A row that cannot be read fails with an
 * {@link java.io.UncheckedIOException} naming the file and the row.
 */
public interface FeatureTable extends Iterator<FeatureTable.Row>, Closeable {
    /** The label column or dataset: the subsystems bad in a lumisection, separated by {@code ;}. */
    String LABEL = "bad_subsystems";

    /** A lumisection and, when the table is labelled, the subsystems that were bad in it. */
    record Row(LumisectionFeatures record, List<String> badSubsystems) {
        /** A row with its label as the table stores it: absent, blank when good, or names joined by {@code ;}. */
        static Row of(LumisectionFeatures record, String label) {
            return new Row(record, label == null || label.isBlank() ? List.of() : List.of(label.split(";")));
        }

        /** A label as the table stores it. */
        static String label(Collection<String> badSubsystems) {
            return String.join(";", badSubsystems);
        }
    }

    /** The layout the table's feature names define. */
    FeatureLayout layout();

    /** Whether the table has a {@value #LABEL} column. */
    boolean labelled();

    /** How many lumisections the table holds. */
    long size() throws IOException;

    static FeatureTable open(Path file) throws IOException {
        return isHdf5(file) ? LumisectionHdf5.open(file) : LumisectionCsv.open(file);
    }

    /** Writes records of one layout; {@code badSubsystems} gives each record's label, or is null for none. */
    static void write(Path file, FeatureLayout layout, List<LumisectionFeatures> records,
                      List<? extends Collection<String>> badSubsystems) throws IOException {
        if (isHdf5(file)) {
            LumisectionHdf5.write(file, layout, records, badSubsystems);
        } else {
            LumisectionCsv.write(file, layout, records, badSubsystems);
        }
    }

    private static boolean isHdf5(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".h5") || name.endsWith(".hdf5");
    }
}
