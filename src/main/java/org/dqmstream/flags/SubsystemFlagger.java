package org.dqmstream.flags;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.model.ModelBundle;
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
        List<SubsystemFlag> out = new ArrayList<>();
        for (String subsystem : bundle.subsystems().subsystems()) {
            double score = bundle.subsystems().score(subsystem, s.groupScores());
            Thresholds t = bundle.thresholds().get(subsystem);
            FlagLevel level = level(score, t);
            List<FeatureContribution> top = topContributions(s, bundle.subsystems().groups(subsystem));
            out.add(new SubsystemFlag(r.getRun(), r.getLumisection(), r.getTimestamp(), subsystem, level, score,
                    t.warning(), t.bad(), bundle.version(), SOURCE, top, reason(subsystem, level, score, t, s, top)));
        }
        return out;
    }

    private List<FeatureContribution> topContributions(ScoredLumisection s, List<String> groups) {
        List<FeatureContribution> all = new ArrayList<>();
        for (String groupName : groups) {
            ChannelGroup group = bundle.layout().group(groupName);
            float[] errors = s.squaredErrors().get(groupName);
            double total = 0;
            for (float e : errors) {
                total += e;
            }
            for (int j = 0; j < errors.length; j++) {
                all.add(new FeatureContribution(group.features().get(j).name(), groupName, (double) errors[j],
                        total > 0 ? errors[j] / total : 0));
            }
        }
        all.sort(Comparator.comparingDouble(FeatureContribution::getSquaredError).reversed());
        return List.copyOf(all.subList(0, Math.min(topFeatures, all.size())));
    }

    private static String reason(String subsystem, FlagLevel level, double score, Thresholds t, ScoredLumisection s,
                                 List<FeatureContribution> top) {
        if (level == FlagLevel.GOOD) {
            return String.format(Locale.ROOT, "%s GOOD: score %.2f below WARNING threshold %.2f", subsystem, score,
                    t.warning());
        }
        String worstGroup = top.isEmpty() ? "?" : top.get(0).getChannelGroup();
        String features = top.stream().limit(3).map(c -> String.format(Locale.ROOT, "%s (%.0f%% of %s error)",
                c.getFeature(), 100 * c.getShare(), c.getChannelGroup())).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s %s: score %.2f >= %s threshold %.2f; %s reconstructs worst "
                        + "(score %.2f); largest deviations: %s", subsystem, level, score, level,
                level == FlagLevel.BAD ? t.bad() : t.warning(), worstGroup,
                s.groupScores().getOrDefault(worstGroup, Double.NaN), features);
    }
}
