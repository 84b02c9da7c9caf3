package org.dqmstream.ingest;

import static org.dqmstream.ingest.RejectionReason.*;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.message.MessageDecoder;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.StreamConditions;

/**
 * Turns input bytes into a lumisection that is safe to score, or says exactly why not. Checks run
 * cheapest first and before any allocation that a record could make large.
 */
public final class LumisectionDecoder {
    /** Per-feature magnitudes beyond this are not physics but a broken producer. */
    static final float MAX_ABS_FEATURE = 1e9f;

    private final MessageDecoder<LumisectionFeatures> decoder = AvroRecords.decoder(LumisectionFeatures.getClassSchema());
    private final String expectedLayoutId;
    private final int expectedFeatureCount;
    private final Set<String> countStreams;
    private final InputLimits limits;

    /**
     * @param countStreams the streams whose event counts the layout holds: each record must give their
     *                     luminosity and events, and no other stream
     */
    public LumisectionDecoder(String expectedLayoutId, int expectedFeatureCount, Set<String> countStreams,
                              InputLimits limits) {
        this.expectedLayoutId = expectedLayoutId;
        this.expectedFeatureCount = expectedFeatureCount;
        this.countStreams = Set.copyOf(countStreams);
        this.limits = limits;
    }

    /** Records of {@code layout} within {@code limits}. */
    public static LumisectionDecoder of(FeatureLayout layout, InputLimits limits) {
        return new LumisectionDecoder(layout.id(), layout.size(), layout.countStreams(), limits);
    }

    public ValidLumisection decode(byte[] bytes) throws RecordRejectedException {
        LumisectionFeatures record = AvroRecords.decode(decoder, bytes, limits.maxRecordBytes());
        if (record.getRun() <= 0 || record.getLumisection() <= 0) {
            throw new RecordRejectedException(OUT_OF_RANGE, "run " + record.getRun() + " lumisection "
                    + record.getLumisection() + ": both must be positive");
        }
        String where = "run " + record.getRun() + " lumisection " + record.getLumisection();
        Instant timestamp = record.getTimestamp();
        if (timestamp.isBefore(limits.earliestTimestamp()) || timestamp.isAfter(limits.latestTimestamp())) {
            throw new RecordRejectedException(OUT_OF_RANGE, where + ": timestamp " + timestamp + " outside "
                    + limits.earliestTimestamp() + " .. " + limits.latestTimestamp() + " (input.earliest-timestamp, "
                    + "input.max-timestamp-ahead-hours)");
        }
        if (!expectedLayoutId.equals(record.getLayoutId())) {
            throw new RecordRejectedException(LAYOUT_MISMATCH, where + ": layout '" + record.getLayoutId()
                    + "' but the model expects '" + expectedLayoutId + "'");
        }
        int packedBytes = record.getFeatures().remaining();
        if (record.getFeatureCount() != expectedFeatureCount || packedBytes != expectedFeatureCount * Float.BYTES) {
            throw new RecordRejectedException(LENGTH_MISMATCH, where + ": declares " + record.getFeatureCount()
                    + " features in " + packedBytes + " bytes; layout has " + expectedFeatureCount + " ("
                    + expectedFeatureCount * Float.BYTES + " bytes)");
        }
        checkStreams(where, record.getStreams());
        float[] features = PackedFloats.unpack(record.getFeatures());
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new RecordRejectedException(NON_FINITE, where + ": feature #" + i + " is " + features[i]);
            }
            if (Math.abs(features[i]) > MAX_ABS_FEATURE) {
                throw new RecordRejectedException(OUT_OF_RANGE, where + ": feature #" + i + " = " + features[i]
                        + " beyond +-" + MAX_ABS_FEATURE);
            }
        }
        return new ValidLumisection(record, features);
    }

    /** Exactly the layout's streams, once each, with luminosity and event counts a detector can give. */
    private void checkStreams(String where, List<StreamConditions> streams) throws RecordRejectedException {
        Set<String> seen = new HashSet<>();
        for (StreamConditions s : streams) {
            String stream = s.getStream();
            if (!countStreams.contains(stream)) {
                throw new RecordRejectedException(LAYOUT_MISMATCH, where + ": stream '" + abbreviate(stream)
                        + "' is not in the layout (streams " + new TreeSet<>(countStreams) + ")");
            }
            if (!seen.add(stream)) {
                throw new RecordRejectedException(LAYOUT_MISMATCH, where + ": stream " + stream + " given twice");
            }
            float luminosity = s.getInstantaneousLuminosity();
            if (!Float.isFinite(luminosity)) {
                throw new RecordRejectedException(NON_FINITE, where + ": stream " + stream + " luminosity is "
                        + luminosity);
            }
            if (luminosity < 0 || s.getEvents() < 0) {
                throw new RecordRejectedException(OUT_OF_RANGE, where + ": stream " + stream
                        + " has negative luminosity or event count");
            }
            if (luminosity > limits.maxLuminosity() || s.getEvents() > limits.maxEventsPerStream()) {
                throw new RecordRejectedException(OUT_OF_RANGE, where + ": stream " + stream + " luminosity "
                        + luminosity + " or events " + s.getEvents() + " beyond " + limits.maxLuminosity() + " / "
                        + limits.maxEventsPerStream() + " (input.max-luminosity, input.max-events-per-stream)");
            }
            if (luminosity == 0 && s.getEvents() > 0) {
                throw new RecordRejectedException(OUT_OF_RANGE, where + ": stream " + stream + " has "
                        + s.getEvents() + " events at zero luminosity");
            }
        }
        if (seen.size() < countStreams.size()) {
            Set<String> missing = new TreeSet<>(countStreams);
            missing.removeAll(seen);
            throw new RecordRejectedException(LAYOUT_MISMATCH, where + ": streams " + missing + " missing; the "
                    + "layout's event counts need their luminosity");
        }
    }

    /** A name as long as a reason line can hold: a producer may send anything. */
    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "... (" + text.length() + " characters)";
    }
}
