package org.dqmstream.ingest;

import static org.dqmstream.ingest.RejectionReason.*;

import org.apache.avro.message.BinaryMessageDecoder;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.StreamConditions;

/**
 * Turns input bytes into a lumisection that is safe to score, or says exactly why not. Checks run
 * cheapest first and before any allocation that a record could make large.
 */
public final class LumisectionDecoder {
    /** Per-feature magnitudes beyond this are not physics but a broken producer. */
    static final float MAX_ABS_FEATURE = 1e9f;

    private final BinaryMessageDecoder<LumisectionFeatures> decoder = LumisectionFeatures.getDecoder();
    private final String expectedLayoutId;
    private final int expectedFeatureCount;
    private final int maxRecordBytes;

    public LumisectionDecoder(String expectedLayoutId, int expectedFeatureCount, int maxRecordBytes) {
        this.expectedLayoutId = expectedLayoutId;
        this.expectedFeatureCount = expectedFeatureCount;
        this.maxRecordBytes = maxRecordBytes;
    }

    public ValidLumisection decode(byte[] bytes) throws RecordRejectedException {
        LumisectionFeatures record = AvroRecords.decode(decoder, bytes, maxRecordBytes);
        if (record.getRun() <= 0 || record.getLumisection() <= 0) {
            throw new RecordRejectedException(OUT_OF_RANGE, "run " + record.getRun() + " lumisection "
                    + record.getLumisection() + ": both must be positive");
        }
        String where = "run " + record.getRun() + " lumisection " + record.getLumisection();
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
        for (StreamConditions s : record.getStreams()) {
            if (!Float.isFinite(s.getInstantaneousLuminosity())) {
                throw new RecordRejectedException(NON_FINITE, where + ": stream " + s.getStream()
                        + " luminosity is " + s.getInstantaneousLuminosity());
            }
            if (s.getInstantaneousLuminosity() < 0 || s.getEvents() < 0) {
                throw new RecordRejectedException(OUT_OF_RANGE, where + ": stream " + s.getStream()
                        + " has negative luminosity or event count");
            }
        }
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
}
