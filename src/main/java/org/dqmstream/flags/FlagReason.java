package org.dqmstream.flags;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dqmstream.model.RunDeviation;
import org.dqmstream.model.Thresholds;
import org.dqmstream.records.FeatureContribution;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.runs.StaleReadout;

/**
 * The sentence a shifter reads with a lumisection flag. Built with a StringBuilder rather than
 * {@code String.format}: 16 reasons per lumisection took a quarter of the stream thread's time in a
 * backfill (JFR), most of it in the formatter's decimal rounding.
 */
final class FlagReason {
    private static final int REASON_FEATURES = 3;
    /** Beyond this a double times 100 no longer rounds to an exact long: the formatter takes over. */
    private static final double FIXED_POINT_LIMIT = 1e15;

    private FlagReason() {
    }

    /** E.g. "Hcal BAD: statistical-peer score 1.30 >= BAD threshold 0.82; minibias_calo reconstructs worst ...". */
    static String of(String subsystem, FlagLevel level, String detector, double score, Thresholds t,
                     Map<String, Double> groupScores, List<FeatureContribution> top) {
        StringBuilder b = new StringBuilder(160).append(subsystem).append(' ').append(level).append(": ");
        if (level != FlagLevel.GOOD && detector.equals(SubsystemFlagger.STATISTICAL_PEER)) {
            b.append(detector).append(' ');
        }
        b.append("score ");
        twoDecimals(b, score);
        if (level == FlagLevel.GOOD) {
            b.append(" below WARNING threshold ");
            twoDecimals(b, t.warning());
            return b.toString();
        }
        b.append(" >= ").append(level).append(" threshold ");
        twoDecimals(b, level == FlagLevel.BAD ? t.bad() : t.warning());
        return evidence(b, groupScores, top);
    }

    /**
     * E.g. "Hcal BAD: run context: minibias_calo moved 3.41 within-run spreads along its principal directions
     * since this run's first 4 ordinary lumisections (BAD from 2.62); minibias_calo reconstructs worst ...".
     */
    static String runContext(String subsystem, SubsystemFlagger.Verdict v, String movedGroup,
                             Map<String, Double> groupScores, List<FeatureContribution> top) {
        StringBuilder b = new StringBuilder(200).append(subsystem).append(' ').append(v.level())
                .append(": run context: ").append(movedGroup).append(" moved ");
        twoDecimals(b, v.deviation());
        b.append(" within-run spreads along its principal directions since this run's first ")
                .append(RunDeviation.BASELINE_LUMISECTIONS).append(" ordinary lumisections (").append(v.level())
                .append(" from ");
        twoDecimals(b, v.level() == FlagLevel.BAD ? v.deviationThresholds().bad() : v.deviationThresholds().warning());
        return evidence(b.append(')'), groupScores, top);
    }

    private static String evidence(StringBuilder b, Map<String, Double> groupScores, List<FeatureContribution> top) {
        String worstGroup = top.isEmpty() ? "?" : top.get(0).getChannelGroup();
        b.append("; ").append(worstGroup).append(" reconstructs worst (score ");
        twoDecimals(b, groupScores.getOrDefault(worstGroup, Double.NaN));
        b.append("); largest deviations: ");
        for (int i = 0; i < Math.min(REASON_FEATURES, top.size()); i++) {
            FeatureContribution c = top.get(i);
            b.append(i > 0 ? ", " : "").append(c.getFeature()).append(" (").append(Math.round(100 * c.getShare()))
                    .append("% of ").append(c.getChannelGroup()).append(" error)");
        }
        return b.toString();
    }

    /**
     * E.g. "Hcal BAD: minibias_calo readout stale: 37 of 266 varying features unchanged since LS 41;
     * minibias_calo_pt_q1_p50 unchanged for 3 lumisections".
     */
    static String stale(String subsystem, StaleReadout.StaleGroup g) {
        return new StringBuilder(160).append(subsystem).append(" BAD: ").append(g.group())
                .append(" readout stale: ").append(g.repeated()).append(" of ").append(g.varying())
                .append(" varying features unchanged since LS ").append(g.since()).append("; ").append(g.feature())
                .append(" unchanged for ").append(g.longestRepeat()).append(g.longestRepeat() == 1 ? " lumisection"
                        : " lumisections").toString();
    }

    /** {@code value} with two decimals, as {@code %.2f} writes it (to within its last digit's rounding). */
    static void twoDecimals(StringBuilder b, double value) {
        if (!(Math.abs(value) < FIXED_POINT_LIMIT)) {
            b.append(String.format(Locale.ROOT, "%.2f", value));
            return;
        }
        long hundredths = Math.round(Math.abs(value) * 100);
        long fraction = hundredths % 100;
        b.append(value < 0 ? "-" : "").append(hundredths / 100).append('.').append(fraction < 10 ? "0" : "")
                .append(fraction);
    }
}
