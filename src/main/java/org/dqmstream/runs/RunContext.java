package org.dqmstream.runs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dqmstream.model.ChannelGroupModel;
import org.dqmstream.model.RunDeviation;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.scoring.ScoredLumisection;

/**
 * Judges a scored lumisection with its run's history, as a shift crew compares it with the run's earlier
 * lumisections: the readout that stopped updating ({@link StaleReadout}), and how far each subsystem's
 * score has moved since the run's start ({@link org.dqmstream.model.RunDeviation}). The stream and
 * {@code evaluate} both use it, lumisection by lumisection in arrival order.
 */
public final class RunContext {
    private final ModelBundle bundle;
    private final StaleReadout stale;
    private final List<String> subsystems;
    private final List<String> groups;
    private final int[] directions;
    private final float[][] scales;

    public RunContext(ModelBundle bundle, StaleReadout.Settings staleSettings) {
        this.bundle = bundle;
        this.stale = new StaleReadout(bundle, staleSettings);
        this.subsystems = bundle.subsystems().subsystems();
        this.groups = bundle.groups().stream().map(ChannelGroupModel::group).toList();
        this.directions = bundle.groups().stream().mapToInt(ChannelGroupModel::directions).toArray();
        this.scales = bundle.groups().stream().map(g -> g.peer() == null ? new float[0] : g.peer().driftScale())
                .toArray(float[][]::new);
    }

    /** {@code scored} with its run context; the history then holds this lumisection too. */
    public ScoredLumisection observe(RunHistory history, ScoredLumisection scored, long seenMillis) {
        List<StaleReadout.StaleGroup> staleGroups = stale.observe(history, scored.lumisection(), seenMillis);
        float[][] coordinates = new float[groups.size()][];
        double[] scores = new double[groups.size()];
        for (int g = 0; g < coordinates.length; g++) {
            coordinates[g] = scored.coordinates().getOrDefault(groups.get(g), new float[0]);
            scores[g] = scored.groupScores().get(groups.get(g));
        }
        double[] deviation = history.deviation(bundle.version(), directions).next(coordinates, scales,
                RunDeviation.aboveOrdinary(bundle.groups(), scores));
        Map<String, Double> byGroup = new HashMap<>();
        for (int g = 0; g < deviation.length; g++) {
            byGroup.put(groups.get(g), deviation[g]);
        }
        Map<String, Double> bySubsystem = new HashMap<>();
        Map<String, String> moved = new HashMap<>();
        for (String subsystem : subsystems) {
            String most = null;
            for (String group : bundle.subsystems().groups(subsystem)) {
                double d = byGroup.get(group);
                if (!Double.isNaN(d) && (most == null || d > byGroup.get(most))) {
                    most = group;
                }
            }
            if (most != null) {
                bySubsystem.put(subsystem, byGroup.get(most));
                moved.put(subsystem, most);
            }
        }
        return scored.withRunContext(staleGroups, bySubsystem, moved);
    }
}
