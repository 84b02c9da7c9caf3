package org.dqmstream.runs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    public RunContext(ModelBundle bundle, StaleReadout.Settings staleSettings) {
        this.bundle = bundle;
        this.stale = new StaleReadout(bundle, staleSettings);
        this.subsystems = bundle.subsystems().subsystems();
    }

    /** {@code scored} with its run context; the history then holds this lumisection too. */
    public ScoredLumisection observe(RunHistory history, ScoredLumisection scored, long seenMillis) {
        List<StaleReadout.StaleGroup> staleGroups = stale.observe(history, scored.lumisection(), seenMillis);
        double[] scores = new double[subsystems.size()];
        for (int s = 0; s < scores.length; s++) {
            scores[s] = bundle.subsystems().score(subsystems.get(s), scored.groupScores());
        }
        double[] deviation = history.deviation(scores.length).next(scores);
        Map<String, Double> bySubsystem = new HashMap<>();
        if (!Double.isNaN(deviation[0])) {
            for (int s = 0; s < scores.length; s++) {
                bySubsystem.put(subsystems.get(s), deviation[s]);
            }
        }
        return scored.withRunContext(staleGroups, bySubsystem);
    }
}
