package org.dqmstream.generator;

import java.util.Set;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.records.LumisectionFeatures;

/**
 * A generated lumisection with its ground truth.
 *
 * @param fault the injected fault, or null for a good lumisection
 */
public record GeneratedLumisection(LumisectionFeatures record, Fault fault) {

    public LumisectionId id() {
        return new LumisectionId(record.getRun(), record.getLumisection());
    }

    public Set<String> badSubsystems() {
        return fault == null ? Set.of() : fault.badSubsystems();
    }

    public boolean isGood() {
        return fault == null;
    }
}
