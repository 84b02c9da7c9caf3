package org.dqmstream.generator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dqmstream.certification.Certification;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.LumisectionId;

/**
 * Generated lumisections as the monitor would receive them (encoded, then decoded and checked) together
 * with per-subsystem certification built from the ground truth.
 */
public record LabelledLumisections(List<ValidLumisection> lumisections, Map<String, Certification> labels) {

    public static LabelledLumisections of(List<GeneratedLumisection> generated, Collection<String> subsystems) {
        if (generated.isEmpty()) {
            throw new IllegalArgumentException("no lumisections");
        }
        var first = generated.get(0).record();
        LumisectionDecoder decoder = new LumisectionDecoder(first.getLayoutId(), first.getFeatureCount(),
                Integer.MAX_VALUE);
        List<ValidLumisection> valid = new ArrayList<>(generated.size());
        Map<String, List<LumisectionId>> good = new LinkedHashMap<>();
        subsystems.forEach(s -> good.put(s, new ArrayList<>()));
        for (GeneratedLumisection g : generated) {
            try {
                valid.add(decoder.decode(AvroRecords.encode(g.record())));
            } catch (RecordRejectedException e) {
                throw new IllegalStateException("generator produced an invalid record: " + e.getMessage(), e);
            }
            good.forEach((subsystem, ids) -> {
                if (!g.badSubsystems().contains(subsystem)) {
                    ids.add(g.id());
                }
            });
        }
        Map<String, Certification> labels = new LinkedHashMap<>();
        good.forEach((subsystem, ids) -> labels.put(subsystem, Certification.ofGood(ids)));
        return new LabelledLumisections(List.copyOf(valid), labels);
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
