package org.dqmstream.ingest;

import java.util.HashMap;
import java.util.Map;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.StreamConditions;

/** A lumisection that passed every input check, with its features unpacked. */
public record ValidLumisection(LumisectionFeatures record, float[] features) {

    public LumisectionId id() {
        return new LumisectionId(record.getRun(), record.getLumisection());
    }

    public Map<String, Float> luminosityByStream() {
        Map<String, Float> out = new HashMap<>();
        for (StreamConditions s : record.getStreams()) {
            out.put(s.getStream(), s.getInstantaneousLuminosity());
        }
        return out;
    }

    /** Mean instantaneous luminosity over streams: the weight of this lumisection in training. */
    public double luminosity() {
        return record.getStreams().stream().mapToDouble(StreamConditions::getInstantaneousLuminosity)
                .average().orElse(0);
    }
}
