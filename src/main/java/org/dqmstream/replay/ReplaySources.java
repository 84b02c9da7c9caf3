package org.dqmstream.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dqmstream.generator.RecordPublisher.Keyed;
import org.dqmstream.image.ImageSource;
import org.dqmstream.image.NovaFile;
import org.dqmstream.image.ObjectImageFolder;
import org.dqmstream.image.ParticleImageCsv;
import org.dqmstream.image.RecordedEvent;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.lumisection.FeatureTable;

/**
 * The records of a labelled file, in the publisher's terms: one group at a time (a lumisection, or one
 * lumisection's events), and an empty group at the end.
 */
public final class ReplaySources {
    /** Metadata key of a replayed event: the file it came from. */
    public static final String REPLAYED_FROM = "replayed-from";

    private ReplaySources() {
    }

    /** Each row of a lumisection feature table as it is, with its own run, lumisection and timestamp. */
    public static Function<Instant, List<Keyed>> lumisections(FeatureTable rows) {
        return now -> {
            if (!rows.hasNext()) {
                return List.of();
            }
            var record = rows.next().record();
            return List.of(new Keyed(record.getRun(), AvroRecords.encode(record)));
        };
    }

    /**
     * The events of a file of {@code source} (a NOvA HDF5 file, a particle CSV, or an object-image folder
     * with its labels.csv), numbered in file order into lumisections of {@code perLumisection} events of
     * {@code run}, stamped with the time they are published, their truth in the metadata.
     */
    public static Function<Instant, List<Keyed>> images(ImageSource source, List<RecordedEvent> events, int run,
                                                        int perLumisection, String origin) {
        int[] next = {0};
        return now -> {
            List<Keyed> group = new ArrayList<>(perLumisection);
            int lumisection = next[0] / perLumisection + 1;
            for (; next[0] < events.size() && group.size() < perLumisection; next[0]++) {
                RecordedEvent e = events.get(next[0]);
                Map<String, String> metadata = new HashMap<>(e.truth());
                metadata.put(REPLAYED_FROM, origin);
                group.add(new Keyed(run, AvroRecords.encode(e.record(source, run, lumisection, next[0], now, metadata))));
            }
            return group;
        };
    }

    /** Loads the events of a labelled file or folder of {@code source}. */
    public static List<RecordedEvent> load(ImageSource source, Path path) throws IOException {
        return switch (source) {
            case NOVA -> NovaFile.readAll(path).stream().map(RecordedEvent::of).toList();
            case PARTICLES -> ParticleImageCsv.read(path).stream().map(RecordedEvent::of).toList();
            case OBJECTS -> {
                if (!Files.isDirectory(path)) {
                    throw new IOException(path + ": object images are replayed from a folder with its "
                            + ObjectImageFolder.LABELS);
                }
                yield ObjectImageFolder.read(path, path.resolve(ObjectImageFolder.LABELS)).stream()
                        .map(RecordedEvent::of).toList();
            }
        };
    }
}
