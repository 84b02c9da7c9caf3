package org.dqmstream.certification;

import org.dqmstream.config.MonitorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.lumisection.FeatureTable;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.records.LumisectionFeatures;

/**
 * Lumisections as the monitor would receive them (encoded, then decoded and checked) with per-subsystem
 * certification: what training and evaluation read, from the generator or from a feature table.
 *
 * @param layout   the feature layout every lumisection has
 * @param rejected lumisections of the source that failed the monitor's input checks, by reason, left out
 */
public record LabelledLumisections(FeatureLayout layout, List<ValidLumisection> lumisections,
                                   Map<String, Certification> labels, Map<String, Integer> rejected) {

    /**
     * Labels from each lumisection's bad subsystems: a lumisection is certified good for every subsystem
     * not named.
     */
    public static LabelledLumisections ofBadSubsystems(FeatureLayout layout, List<LumisectionFeatures> records,
                                                       List<? extends Collection<String>> badSubsystems,
                                                       Collection<String> subsystems) {
        Map<String, List<LumisectionId>> good = new LinkedHashMap<>();
        subsystems.forEach(s -> good.put(s, new ArrayList<>()));
        for (int i = 0; i < records.size(); i++) {
            LumisectionId id = new LumisectionId(records.get(i).getRun(), records.get(i).getLumisection());
            Collection<String> bad = badSubsystems.get(i);
            good.forEach((subsystem, ids) -> {
                if (!bad.contains(subsystem)) {
                    ids.add(id);
                }
            });
        }
        Map<String, Certification> labels = new LinkedHashMap<>();
        good.forEach((subsystem, ids) -> labels.put(subsystem, Certification.ofGood(ids)));
        return of(layout, records, labels);
    }

    /** Lumisections with the given certification; those failing the input checks are counted, not kept. */
    private static LabelledLumisections of(FeatureLayout layout, List<LumisectionFeatures> records,
                                          Map<String, Certification> labels) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no lumisections");
        }
        LumisectionDecoder decoder = LumisectionDecoder.of(layout, MonitorConfig.defaults().input().limits());
        List<ValidLumisection> valid = new ArrayList<>(records.size());
        Map<String, Integer> rejected = new TreeMap<>();
        for (LumisectionFeatures record : records) {
            try {
                valid.add(decoder.decode(AvroRecords.encode(record)));
            } catch (RecordRejectedException e) {
                rejected.merge(e.reason().name(), 1, Integer::sum);
            }
        }
        return new LabelledLumisections(layout, List.copyOf(valid), Map.copyOf(labels), Map.copyOf(rejected));
    }

    /**
     * A feature table ({@link FeatureTable}: CSV or HDF5) with its labels: from one golden-JSON file per
     * subsystem, {@code <certification>/<Subsystem>.json}, when {@code certification} is given, else from the
     * table's {@code bad_subsystems} column or dataset. As in CMS certification, a lumisection a subsystem's
     * file does not list is bad for that subsystem.
     */
    public static LabelledLumisections read(Path table, Path certification, Collection<String> subsystems)
            throws IOException {
        List<LumisectionFeatures> records = new ArrayList<>();
        List<List<String>> bad = new ArrayList<>();
        FeatureLayout layout;
        try (FeatureTable rows = FeatureTable.open(table)) {
            if (certification == null && !rows.labelled()) {
                throw new IOException(table + " has no " + FeatureTable.LABEL + " labels: give the "
                        + "certification files of its runs");
            }
            layout = rows.layout();
            while (rows.hasNext()) {
                FeatureTable.Row row = rows.next();
                records.add(row.record());
                bad.add(row.badSubsystems());
            }
        }
        if (records.isEmpty()) {
            throw new IOException(table + " has no lumisections");
        }
        if (certification != null) {
            return of(layout, records, readCertification(certification, subsystems));
        }
        Set<String> unknown = new TreeSet<>();
        bad.forEach(names -> names.stream().filter(n -> !subsystems.contains(n)).forEach(unknown::add));
        if (!unknown.isEmpty()) {
            throw new IOException(table + ": " + FeatureTable.LABEL + " names subsystems the configuration does "
                    + "not have: " + unknown + " (known: " + subsystems + ")");
        }
        return ofBadSubsystems(layout, records, bad, subsystems);
    }

    /** One golden-JSON file per subsystem from {@code dir}; every subsystem needs its file. */
    private static Map<String, Certification> readCertification(Path dir, Collection<String> subsystems)
            throws IOException {
        List<String> missing = subsystems.stream().filter(s -> !Files.isRegularFile(dir.resolve(s + ".json")))
                .toList();
        if (!missing.isEmpty()) {
            throw new IOException(dir + " has no certification file for " + String.join(", ", missing)
                    + " (expected <Subsystem>.json per subsystem, golden-JSON shape)");
        }
        Map<String, Certification> labels = new LinkedHashMap<>();
        for (String subsystem : subsystems) {
            labels.put(subsystem, Certification.read(dir.resolve(subsystem + ".json")));
        }
        return labels;
    }

    /** Only lumisections good for every subsystem: what autoencoders train on. */
    public List<ValidLumisection> goodForAll() {
        return lumisections.stream()
                .filter(l -> labels.values().stream().allMatch(c -> c.isGood(l.id()))).toList();
    }

    /** Writes one golden-JSON file per subsystem, {@code <dir>/<Subsystem>.json}. */
    public void writeCertification(Path dir) throws IOException {
        for (var e : labels.entrySet()) {
            e.getValue().write(dir.resolve(e.getKey() + ".json"));
        }
    }
}
