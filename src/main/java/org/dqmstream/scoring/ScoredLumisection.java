package org.dqmstream.scoring;

import java.util.Map;
import org.dqmstream.ingest.ValidLumisection;

/**
 * A lumisection with its channel-group scores and, per group, each feature's squared reconstruction
 * error (in group-layout order): the evidence behind a flag.
 */
public record ScoredLumisection(ValidLumisection lumisection, Map<String, Double> groupScores,
                                Map<String, float[]> squaredErrors) {
}
