package org.dqmstream.scoring;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.runs.StaleReadout;

/**
 * A lumisection with its channel-group scores and, per group, each feature's squared reconstruction
 * error (in group-layout order): the evidence behind a flag. The group score combines the autoencoder's
 * and the statistical peer's as the bundle says (see {@link org.dqmstream.model.ScorePart}); each is kept
 * too, to tell which set a flag and to judge them apart. With its run's history (see
 * {@link org.dqmstream.runs.RunContext}), also the groups whose readout stopped updating, and each
 * subsystem's deviation from the run's start (none for a run's first lumisections).
 *
 * @param peerScores  empty for bundles without a statistical peer, NaN for a group without one
 * @param coordinates per group, where the lumisection lies along its peer's principal directions (empty
 *                    without a peer): what the run context follows
 * @param runDeviations per subsystem, its run deviation: that of the group that moved most
 * @param movedGroups   per subsystem, that group
 */
public record ScoredLumisection(ValidLumisection lumisection, Map<String, Double> groupScores,
                                Map<String, Double> autoencoderScores, Map<String, Double> peerScores,
                                Map<String, float[]> coordinates, Map<String, float[]> squaredErrors,
                                List<StaleReadout.StaleGroup> staleGroups, Map<String, Double> runDeviations,
                                Map<String, String> movedGroups) {

    /** Scored by the autoencoders alone. */
    public ScoredLumisection(ValidLumisection lumisection, Map<String, Double> groupScores,
                             Map<String, float[]> squaredErrors) {
        this(lumisection, groupScores, groupScores, Map.of(), Map.of(), squaredErrors, List.of(), Map.of(), Map.of());
    }

    public ScoredLumisection withRunContext(List<StaleReadout.StaleGroup> stale, Map<String, Double> deviations,
                                            Map<String, String> movedGroups) {
        return new ScoredLumisection(lumisection, groupScores, autoencoderScores, peerScores, coordinates,
                squaredErrors, List.copyOf(stale), Map.copyOf(deviations), Map.copyOf(movedGroups));
    }

    /** The first stale group among {@code groups}, if any. */
    public Optional<StaleReadout.StaleGroup> staleAmong(List<String> groups) {
        return staleGroups.stream().filter(g -> groups.contains(g.group())).findFirst();
    }
}
