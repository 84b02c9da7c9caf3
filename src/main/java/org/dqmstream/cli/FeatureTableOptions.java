package org.dqmstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import org.dqmstream.certification.LabelledLumisections;
import picocli.CommandLine.Option;

/** {@code --data} and {@code --certification}: real lumisections, labelled, instead of generated ones. */
final class FeatureTableOptions {
    @Option(names = "--data", paramLabel = "TABLE",
            description = "A lumisection feature table, CSV or HDF5 (*.h5, *.hdf5), as 'replay lumisections' reads "
                    + "it (its feature names define the layout), instead of generated lumisections.")
    Path table;

    @Option(names = "--certification", paramLabel = "DIR",
            description = "Labels of the --data table: one golden-JSON file per subsystem, <Subsystem>.json, listing "
                    + "its good lumisections (default: the table's bad_subsystems labels).")
    Path certification;

    /** The table's lumisections with their labels, or empty when no table was given. */
    Optional<LabelledLumisections> read(Collection<String> subsystems) throws IOException {
        if (table == null) {
            if (certification != null) {
                throw new IllegalArgumentException("--certification labels a --data table: give the table too");
            }
            return Optional.empty();
        }
        LabelledLumisections data = LabelledLumisections.read(table, certification, subsystems);
        System.out.printf("%s: %d lumisections of layout %s, %d good for every subsystem (labels from %s)%n", table,
                data.lumisections().size(), data.layout().id(), data.goodForAll().size(),
                certification != null ? certification : "its bad_subsystems labels");
        if (!data.rejected().isEmpty()) {
            System.out.printf("Left out, as the monitor would dead-letter them: %s%n", data.rejected());
        }
        return Optional.of(data);
    }
}
