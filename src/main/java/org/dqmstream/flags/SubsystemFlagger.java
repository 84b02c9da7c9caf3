package org.dqmstream.flags;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.model.Rows;
import org.dqmstream.model.RunContextCalibration;
import org.dqmstream.model.ScorePart;
import org.dqmstream.model.SubsystemMap;
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
    public static final String AUTOENCODER = ScorePart.AUTOENCODER.detector;
    public static final String STATISTICAL_PEER = ScorePart.PEER.detector;
    public static final String STALE_READOUT = "stale-readout";
    public static final String RUN_CONTEXT = "run-context";

    private final ModelBundle bundle;
    private final int topFeatures;

    public SubsystemFlagger(ModelBundle bundle, int topFeatures) {
        this.bundle = bundle;
        this.topFeatures = topFeatures;
    }

    public static FlagLevel level(double score, Thresholds t) {
        return score >= t.bad() ? FlagLevel.BAD : score >= t.warning() ? FlagLevel.WARNING : FlagLevel.GOOD;
    }

    /**
     * A subsystem's verdict on one lumisection.
     *
     * @param detector   what set the level: {@link #AUTOENCODER}, {@link #STATISTICAL_PEER},
     *                   {@link #STALE_READOUT} or {@link #RUN_CONTEXT}
     * @param score      the model's score of the subsystem
     * @param thresholds the thresholds the model's score was held to
     * @param deviation  the run deviation, NaN for a run's first lumisections
     * @param margin     how far past its BAD threshold the lumisection is, by whichever test comes closest
     *                   (positive when BAD, infinite for stale readout): what ranks lumisections
     */
    public record Verdict(FlagLevel level, String detector, double score, Thresholds thresholds, double deviation,
                          Thresholds deviationThresholds, double margin) {
    }

    public Verdict verdict(String subsystem, ScoredLumisection s) {
        double score = bundle.subsystems().score(subsystem, s.groupScores());
        Thresholds t = bundle.thresholds().get(subsystem);
        if (s.staleAmong(bundle.subsystems().groups(subsystem)).isPresent()) {
            // Readout that stopped updating is broken whatever its reconstruction error says.
            return new Verdict(FlagLevel.BAD, STALE_READOUT, score, t, Double.NaN, null, Double.POSITIVE_INFINITY);
        }
        Double deviation = s.runDeviations().get(subsystem);
        RunContextCalibration context = bundle.runContext();
        if (context == null || deviation == null || !context.deviation().containsKey(subsystem)) {
            return new Verdict(level(score, t), modelDetector(subsystem, s), score, t, Double.NaN, null,
                    margin(score, t));
        }
        Thresholds model = context.model().get(subsystem);
        Thresholds run = context.deviation().get(subsystem);
        FlagLevel byModel = level(score, model);
        FlagLevel byRun = level(deviation, run);
        double margin = Math.max(margin(score, model), margin(deviation, run));
        return byRun.ordinal() > byModel.ordinal()
                ? new Verdict(byRun, RUN_CONTEXT, score, model, deviation, run, margin)
                : new Verdict(byModel, modelDetector(subsystem, s), score, model, deviation, run, margin);
    }

    /**
     * How far past its BAD threshold a value is, in units of the gap between its WARNING and BAD thresholds:
     * the model's score and the run deviation are on different scales, and ranking lumisections by the larger
     * of two raw differences would let the wider-spread test decide.
     */
    static double margin(double value, Thresholds t) {
        return (value - t.bad()) / Math.max(t.bad() - t.warning(), 1e-9);
    }

    /** Which of the bundle's score parts gave the subsystem's score: the larger of the two. */
    private String modelDetector(String subsystem, ScoredLumisection s) {
        if (s.peerScores().isEmpty() || !bundle.scoreParts().contains(ScorePart.PEER)) {
            return AUTOENCODER;
        }
        if (!bundle.scoreParts().contains(ScorePart.AUTOENCODER)) {
            return STATISTICAL_PEER;
        }
        SubsystemMap map = bundle.subsystems();
        return map.score(subsystem, s.peerScores()) > map.score(subsystem, s.autoencoderScores()) ? STATISTICAL_PEER
                : AUTOENCODER;
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
            List<String> groups = bundle.subsystems().groups(subsystem);
            List<FeatureContribution> top = topByGroups.computeIfAbsent(groups, g -> topContributions(tops, g));
            Verdict v = verdict(subsystem, s);
            String reason = switch (v.detector()) {
                case STALE_READOUT -> FlagReason.stale(subsystem, s.staleAmong(groups).orElseThrow());
                case RUN_CONTEXT -> FlagReason.runContext(subsystem, v, s.movedGroups().getOrDefault(subsystem, "?"),
                        s.groupScores(), top);
                default -> FlagReason.of(subsystem, v.level(), v.detector(), v.score(), v.thresholds(),
                        s.groupScores(), top);
            };
            out.add(new SubsystemFlag(r.getRun(), r.getLumisection(), r.getTimestamp(), subsystem, v.level(),
                    v.score(), v.thresholds().warning(), v.thresholds().bad(), bundle.version(), SOURCE, top, reason,
                    v.detector()));
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
