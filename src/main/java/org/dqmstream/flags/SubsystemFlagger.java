package org.dqmstream.flags;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.model.Rows;
import org.dqmstream.model.Thresholds;
import org.dqmstream.records.FeatureContribution;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.LumisectionScore;
import org.dqmstream.records.SubsystemFlag;
import org.dqmstream.scoring.ScoredLumisection;

/**
 * Turns channel-group scores into one verdict per subsystem, with the features that deviate most as
 * the reason a shifter reads.
 */
public final class SubsystemFlagger {
    public static final String SOURCE = "lumisection";
    static final String AUTOENCODER = "autoencoder";
    static final String STALE_READOUT = "stale-readout";

    private final ModelBundle bundle;
    private final int topFeatures;

    public SubsystemFlagger(ModelBundle bundle, int topFeatures) {
        this.bundle = bundle;
        this.topFeatures = topFeatures;
    }

    public static FlagLevel level(double score, Thresholds t) {
        return score >= t.bad() ? FlagLevel.BAD : score >= t.warning() ? FlagLevel.WARNING : FlagLevel.GOOD;
    }

    public LumisectionScore scoreRecord(ScoredLumisection s) {
        var r = s.lumisection().record();
        return new LumisectionScore(r.getRun(), r.getLumisection(), r.getTimestamp(), bundle.version(),
                Map.copyOf(s.groupScores()));
    }

    public List<SubsystemFlag> flags(ScoredLumisection s) {
        var r = s.lumisection().record();
        Map<String, GroupTop> tops = new HashMap<>();
        s.squaredErrors().forEach((group, errors) -> tops.put(group, GroupTop.of(errors, topFeatures)));
        // Subsystems fed by the same groups (16 subsystems, 7 group sets in the standard map) share one list.
        Map<List<String>, List<FeatureContribution>> topByGroups = new HashMap<>();
        List<SubsystemFlag> out = new ArrayList<>();
        for (String subsystem : bundle.subsystems().subsystems()) {
            double score = bundle.subsystems().score(subsystem, s.groupScores());
            Thresholds t = bundle.thresholds().get(subsystem);
            List<String> groups = bundle.subsystems().groups(subsystem);
            List<FeatureContribution> top = topByGroups.computeIfAbsent(groups, g -> topContributions(tops, g));
            var stale = s.staleAmong(groups);
            if (stale.isPresent()) {
                // Readout that stopped updating is broken whatever its reconstruction error says.
                out.add(new SubsystemFlag(r.getRun(), r.getLumisection(), r.getTimestamp(), subsystem, FlagLevel.BAD,
                        score, t.warning(), t.bad(), bundle.version(), SOURCE, top,
                        FlagReason.stale(subsystem, stale.get()), STALE_READOUT));
                continue;
            }
            FlagLevel level = level(score, t);
            out.add(new SubsystemFlag(r.getRun(), r.getLumisection(), r.getTimestamp(), subsystem, level, score,
                    t.warning(), t.bad(), bundle.version(), SOURCE, top, FlagReason.of(subsystem, level, score, t,
                    s.groupScores(), top), AUTOENCODER));
        }
        return out;
    }

    /**
     * One group's largest squared errors, in descending order, and its total. Selected in place over the
     * error array once per lumisection, since a group has hundreds of features and only a handful are
     * reported, and each group feeds several subsystems.
     */
    private record GroupTop(double total, int[] features, float[] errors) {
        static GroupTop of(float[] errors, int k) {
            float[] best = new float[k];
            int[] index = new int[k];
            int found = 0;
            for (int j = 0; j < errors.length; j++) {
                float e = errors[j];
                if (found < k || e > best[found - 1]) {
                    int at = Math.min(found, k - 1);
                    while (at > 0 && best[at - 1] < e) {
                        best[at] = best[at - 1];
                        index[at] = index[at - 1];
                        at--;
                    }
                    best[at] = e;
                    index[at] = j;
                    found = Math.min(k, found + 1);
                }
            }
            return new GroupTop(Rows.sum(errors), Arrays.copyOf(index, found), Arrays.copyOf(best, found));
        }
    }

    /**
     * The largest squared errors among the subsystem's groups: a merge of the groups' own top lists, each
     * already in descending order, so only the reported features become objects (ties go to the group
     * listed first).
     */
    private List<FeatureContribution> topContributions(Map<String, GroupTop> tops, List<String> groups) {
        GroupTop[] lists = groups.stream().map(tops::get).toArray(GroupTop[]::new);
        int[] next = new int[lists.length];
        List<FeatureContribution> out = new ArrayList<>(topFeatures);
        while (out.size() < topFeatures) {
            int from = -1;
            for (int g = 0; g < lists.length; g++) {
                if (next[g] < lists[g].errors().length
                        && (from < 0 || lists[g].errors()[next[g]] > lists[from].errors()[next[from]])) {
                    from = g;
                }
            }
            if (from < 0) {
                break;
            }
            GroupTop top = lists[from];
            int i = next[from]++;
            String groupName = groups.get(from);
            out.add(new FeatureContribution(bundle.layout().group(groupName).features().get(top.features()[i]).name(),
                    groupName, (double) top.errors()[i], top.total() > 0 ? top.errors()[i] / top.total() : 0));
        }
        return List.copyOf(out);
    }
}
