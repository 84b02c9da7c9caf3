package org.dqmstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dqmstream.lumisection.FeatureLayout;

/**
 * Everything needed to score lumisections, as one directory: a manifest.json, and per channel group
 * the DL4J network and its standardization. The version id travels in every output record.
 *
 * @param thresholds per subsystem, for the model's score alone (a run's first lumisections, or every
 *                   lumisection without {@code runContext})
 * @param runContext thresholds past a run's first lumisections; null in bundles made without it
 * @param scoreParts the detectors the group score combines, the choice recorded in the manifest
 */
public record ModelBundle(String version, Instant createdAt, FeatureLayout layout, List<ChannelGroupModel> groups,
                          SubsystemMap subsystems, Map<String, Thresholds> thresholds, TrainingSummary training,
                          RunContextCalibration runContext, List<ScorePart> scoreParts) {

    static final String MANIFEST = "manifest.json";
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How the bundle was made: enough to reproduce it and to judge it. */
    public record TrainingSummary(String dataFingerprint, int trainingLumisections, int holdoutLumisections,
                                  int epochs, double warningFalseAlarmRate, double badFalseAlarmRate,
                                  Map<String, Double> finalLossByGroup) {
    }

    /**
     * @param topErrorReference null in bundles made before the undiluted score
     * @param errorScale        null in bundles made before per-feature errors
     * @param peer              null in bundles made before the statistical peer
     */
    record GroupEntry(String name, String network, int inputs, ErrorReference errorReference, float[] mean,
                      float[] std, ErrorReference topErrorReference, double scoreOffset, float[] errorScale,
                      PeerEntry peer, double ordinaryScore) {
    }

    record PeerEntry(float[] components, float[] residualScale, float[] driftScale, ErrorReference errorReference,
                     ErrorReference topErrorReference, double scoreOffset) {
    }

    /** @param scoreParts null in bundles made before the statistical peer: the autoencoder alone */
    record Manifest(int format, String kind, String version, String createdAt, String layoutId,
                    List<String> features, List<GroupEntry> groups, Map<String, List<String>> subsystems,
                    Map<String, Thresholds> thresholds, TrainingSummary training, RunContextCalibration runContext,
                    List<ScorePart> scoreParts) {
    }

    public ChannelGroupModel group(String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("bundle " + version + " has no group " + name));
    }

    public void save(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("groups"));
        List<GroupEntry> entries = new ArrayList<>();
        for (ChannelGroupModel g : groups) {
            String file = "groups/" + g.group() + ".zip";
            ModelSerializer.writeModel(g.network(), dir.resolve(file).toFile(), false);
            StatisticalPeer p = g.peer();
            entries.add(new GroupEntry(g.group(), file, g.standardization().mean().length, g.reference().mean(),
                    g.standardization().mean(), g.standardization().std(), g.reference().top(),
                    g.reference().offset(), g.errorScale(), p == null ? null : new PeerEntry(p.components(),
                    p.residualScale(), p.driftScale(), p.reference().mean(), p.reference().top(), p.reference().offset()),
                    g.ordinaryScore()));
        }
        Manifest manifest = new Manifest(FORMAT, "lumisection-autoencoder", version, createdAt.toString(),
                layout.id(), layout.names(), entries, subsystems.groupsBySubsystem(), thresholds, training, runContext,
                scoreParts);
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
    }

    /** Loads and checks a bundle; every inconsistency is an IOException naming the bundle and the problem. */
    public static ModelBundle load(Path dir) throws IOException {
        Manifest m;
        try {
            m = JSON.readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException("no model bundle at " + dir + " (missing " + MANIFEST + ")", e);
        }
        if (m.format() != FORMAT) {
            throw new IOException(dir + ": bundle format " + m.format() + ", this build reads " + FORMAT);
        }
        FeatureLayout layout;
        try {
            layout = FeatureLayout.parse(m.features());
        } catch (IllegalArgumentException e) {
            throw new IOException(dir + ": bad feature list: " + e.getMessage(), e);
        }
        if (!layout.id().equals(m.layoutId())) {
            throw new IOException(dir + ": manifest layout id " + m.layoutId() + " does not match its features ("
                    + layout.id() + ")");
        }
        List<ChannelGroupModel> groups = new ArrayList<>();
        for (GroupEntry e : m.groups()) {
            int expected = layout.group(e.name()).size();
            if (e.inputs() != expected || e.mean().length != expected || e.std().length != expected) {
                throw new IOException(dir + ": group " + e.name() + " has " + e.inputs() + " inputs, layout has "
                        + expected);
            }
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(e.network()).toFile(), false);
            if (net.layerInputSize(0) != expected) {
                throw new IOException(dir + ": network of group " + e.name() + " takes " + net.layerInputSize(0)
                        + " inputs, layout has " + expected);
            }
            if (e.errorScale() != null && e.errorScale().length != expected
                    || e.peer() != null && (e.peer().residualScale().length != expected
                    || e.peer().components().length != expected * e.peer().driftScale().length)) {
                throw new IOException(dir + ": group " + e.name() + "'s per-feature errors or statistical peer do not "
                        + "have its " + expected + " inputs");
            }
            StatisticalPeer peer = e.peer() == null ? null : new StatisticalPeer(expected, e.peer().components(),
                    e.peer().residualScale(), e.peer().driftScale(), new ScoreReference(e.peer().errorReference(),
                    e.peer().topErrorReference(), e.peer().scoreOffset()));
            groups.add(new ChannelGroupModel(e.name(), net, new Standardization(e.mean(), e.std()), e.errorScale(),
                    new ScoreReference(e.errorReference(), e.topErrorReference(), e.scoreOffset()), peer,
                    e.ordinaryScore()));
        }
        List<ScorePart> parts = m.scoreParts() == null ? ScorePart.AUTOENCODER_ONLY : List.copyOf(m.scoreParts());
        if (parts.isEmpty()) {
            throw new IOException(dir + ": no score parts");
        }
        Map<String, List<String>> subsystems = new LinkedHashMap<>(m.subsystems());
        for (var entry : subsystems.entrySet()) {
            for (String g : entry.getValue()) {
                if (groups.stream().noneMatch(x -> x.group().equals(g))) {
                    throw new IOException(dir + ": subsystem " + entry.getKey() + " uses missing group " + g);
                }
            }
            if (!m.thresholds().containsKey(entry.getKey())) {
                throw new IOException(dir + ": no thresholds for subsystem " + entry.getKey());
            }
        }
        // The run context follows the peers' directions: bundles made before them judge by the model alone.
        RunContextCalibration runContext = groups.stream().anyMatch(g -> g.peer() != null) ? m.runContext() : null;
        return new ModelBundle(m.version(), Instant.parse(m.createdAt()), layout, List.copyOf(groups),
                new SubsystemMap(subsystems), m.thresholds(), m.training(), runContext, parts);
    }
}
