package org.dqmstream.scoring;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.runs.StaleReadout;

/**
 * A lumisection with its channel-group scores and, per group, each feature's squared reconstruction
 * error (in group-layout order): the evidence behind a flag. With the run's history, also the groups
 * whose readout stopped updating.
 */
public record ScoredLumisection(ValidLumisection lumisection, Map<String, Double> groupScores,
                                Map<String, float[]> squaredErrors, List<StaleReadout.StaleGroup> staleGroups) {

    public ScoredLumisection(ValidLumisection lumisection, Map<String, Double> groupScores,
                             Map<String, float[]> squaredErrors) {
        this(lumisection, groupScores, squaredErrors, List.of());
    }

    public ScoredLumisection withStaleGroups(List<StaleReadout.StaleGroup> stale) {
        return new ScoredLumisection(lumisection, groupScores, squaredErrors, List.copyOf(stale));
    }

    /** The first stale group among {@code groups}, if any. */
    public Optional<StaleReadout.StaleGroup> staleAmong(List<String> groups) {
        return staleGroups.stream().filter(g -> groups.contains(g.group())).findFirst();
    }
}
