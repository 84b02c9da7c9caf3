package org.dqmstream.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dqmstream.certification.Certification;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.model.Thresholds;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.runs.RunHistory;
import org.dqmstream.runs.RunContext;
import org.dqmstream.scoring.ScoredLumisection;
import org.nd4j.evaluation.classification.ROC;
import org.nd4j.evaluation.curves.RocCurve;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Detection quality of a bundle on labelled lumisections, judged as Borisyak et al. judge it: each channel
 * group's score against each subsystem's certification, then the final per-subsystem flags.
 */
public final class LumisectionEvaluation {

    /**
     * Flagging at one level: efficiency is the share of the subsystem's bad lumisections flagged;
     * the false-alarm rate is the share of its good ones flagged (including lumisections bad for other
     * subsystems that share its channel groups); the clean false-alarm rate counts only lumisections
     * good for every subsystem, as the thresholds were calibrated, with its 95% interval.
     */
    public record Operating(double efficiency, double falseAlarmRate, Rate cleanFalseAlarm) {
        public double cleanFalseAlarmRate() {
            return cleanFalseAlarm.rate();
        }
    }

    /**
     * @param scores     each lumisection's margin past the subsystem's BAD threshold, by whichever test comes
     *                   closest (see {@link SubsystemFlagger.Verdict}); +infinity where its readout was stale
     * @param thresholds the WARNING and BAD thresholds on that scale (BAD at 0)
     * @param levels     each lumisection's level, as its flag has it
     * @param labelBad   whether each lumisection is bad for the subsystem
     * @param detectors  what set each lumisection's level, as in the flag's detector field
     * @param autoencoderAuc the AUC of the autoencoders' score alone, without the run context
     * @param peerAuc        the AUC of the statistical peer's score alone (NaN without one), side by side
     */
    public record SubsystemResult(String subsystem, int bad, int good, double auc, Operating atWarning,
                                  Operating atBad, RocCurve roc, Thresholds thresholds, double[] scores,
                                  FlagLevel[] levels, boolean[] labelBad, String[] detectors,
                                  double autoencoderAuc, double peerAuc) {
    }

    /**
     * @param autoCertifiedFraction share of all lumisections that can be certified GOOD automatically
     *                              with at most {@code maxPollution} of them actually bad
     */
    public record Result(int lumisections, int badLumisections, Map<String, Map<String, Double>> aucByGroup,
                         List<SubsystemResult> subsystems, double maxPollution, double autoCertifiedFraction,
                         double pollution, List<LumisectionId> ids) {
    }

    private LumisectionEvaluation() {
    }

    /**
     * The run context over scored lumisections in their order, each run with its own history, as the
     * stream runs it: what the autoencoders cannot see alone, evaluated with them.
     */
    public static List<ScoredLumisection> withRunHistories(RunContext context, List<ScoredLumisection> scored) {
        Map<Integer, RunHistory> histories = new HashMap<>();
        return scored.stream().map(s -> context.observe(histories.computeIfAbsent(s.lumisection().record().getRun(),
                run -> RunHistory.empty()), s, 0)).toList();
    }

    public static Result evaluate(ModelBundle bundle, List<ScoredLumisection> scored,
                                  Map<String, Certification> labels, double maxPollution) {
        List<String> subsystems = bundle.subsystems().subsystems().stream().filter(labels::containsKey).toList();
        int n = scored.size();
        List<LumisectionId> ids = scored.stream().map(s -> s.lumisection().id()).toList();
        Map<String, boolean[]> bad = new LinkedHashMap<>();
        for (String subsystem : subsystems) {
            boolean[] b = new boolean[n];
            for (int i = 0; i < n; i++) {
                b[i] = !labels.get(subsystem).isGood(ids.get(i));
            }
            bad.put(subsystem, b);
        }

        Map<String, Map<String, Double>> aucByGroup = new LinkedHashMap<>();
        for (var group : bundle.groups()) {
            double[] scores = scored.stream().mapToDouble(s -> s.groupScores().get(group.group())).toArray();
            Map<String, Double> row = new LinkedHashMap<>();
            for (String subsystem : subsystems) {
                boolean[] b = bad.get(subsystem);
                int nBad = count(b);
                row.put(subsystem, nBad == 0 || nBad == n ? Double.NaN : roc(b, scores).calculateAUC());
            }
            aucByGroup.put(group.group(), row);
        }

        boolean[] anyBad = new boolean[n];
        for (boolean[] b : bad.values()) {
            for (int i = 0; i < n; i++) {
                anyBad[i] |= b[i];
            }
        }
        SubsystemFlagger flagger = new SubsystemFlagger(bundle, 1);
        List<SubsystemResult> results = new ArrayList<>();
        double[] global = new double[n];
        Arrays.fill(global, Double.NEGATIVE_INFINITY);
        for (String subsystem : subsystems) {
            List<SubsystemFlagger.Verdict> verdicts = scored.stream().map(s -> flagger.verdict(subsystem, s)).toList();
            double[] scores = verdicts.stream().mapToDouble(SubsystemFlagger.Verdict::margin).toArray();
            FlagLevel[] levels = verdicts.stream().map(SubsystemFlagger.Verdict::level).toArray(FlagLevel[]::new);
            String[] detectors = verdicts.stream().map(SubsystemFlagger.Verdict::detector).toArray(String[]::new);
            for (int i = 0; i < n; i++) {
                global[i] = Math.max(global[i], scores[i]);
            }
            boolean[] b = bad.get(subsystem);
            int nBad = count(b);
            boolean twoClasses = nBad > 0 && nBad < n;
            ROC roc = roc(b, scores);
            double[] autoencoder = scored.stream()
                    .mapToDouble(s -> bundle.subsystems().score(subsystem, s.autoencoderScores())).toArray();
            double[] peer = scored.stream().mapToDouble(s -> s.peerScores().isEmpty() ? Double.NaN
                    : bundle.subsystems().largestKnown(subsystem, s.peerScores())).toArray();
            results.add(new SubsystemResult(subsystem, nBad, n - nBad, twoClasses ? roc.calculateAUC() : Double.NaN,
                    operating(levels, b, anyBad, FlagLevel.WARNING), operating(levels, b, anyBad, FlagLevel.BAD),
                    twoClasses ? roc.getRocCurve() : null, new Thresholds(-1, 0), scores, levels, b, detectors,
                    twoClasses ? roc(b, autoencoder).calculateAUC() : Double.NaN,
                    twoClasses && Arrays.stream(peer).noneMatch(Double::isNaN) ? roc(b, peer).calculateAUC()
                            : Double.NaN));
        }
        double[] certification = autoCertification(global, anyBad, maxPollution);
        return new Result(n, count(anyBad), aucByGroup, results, maxPollution, certification[0], certification[1],
                ids);
    }

    /**
     * Certifies lumisections from the most normal-looking up, as far as the share of bad ones among
     * those certified stays within {@code maxPollution}. Returns {fraction certified, its pollution}.
     */
    static double[] autoCertification(double[] globalScore, boolean[] bad, double maxPollution) {
        Integer[] order = new Integer[globalScore.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> globalScore[i]));
        int best = 0, badAtBest = 0, badSoFar = 0;
        for (int k = 1; k <= order.length; k++) {
            if (bad[order[k - 1]]) {
                badSoFar++;
            }
            if (badSoFar <= maxPollution * k) {
                best = k;
                badAtBest = badSoFar;
            }
        }
        return new double[] {(double) best / order.length, best == 0 ? 0 : (double) badAtBest / best};
    }

    private static Operating operating(FlagLevel[] levels, boolean[] bad, boolean[] anyBad, FlagLevel level) {
        int tp = 0, fp = 0, cleanFp = 0, nBad = 0, nClean = 0;
        for (int i = 0; i < levels.length; i++) {
            boolean flagged = levels[i].ordinal() >= level.ordinal();
            if (bad[i]) {
                nBad++;
                tp += flagged ? 1 : 0;
            } else {
                fp += flagged ? 1 : 0;
            }
            if (!anyBad[i]) {
                nClean++;
                cleanFp += flagged ? 1 : 0;
            }
        }
        int nGood = levels.length - nBad;
        return new Operating(ratio(tp, nBad), ratio(fp, nGood), Rate.of(cleanFp, nClean));
    }

    private static double ratio(int count, int of) {
        return of == 0 ? Double.NaN : (double) count / of;
    }

    /** Exact ROC (no threshold binning). Scores pass through a logistic so ROC sees values in (0, 1). */
    private static ROC roc(boolean[] positive, double[] scores) {
        double[][] labels = new double[scores.length][1];
        double[][] predictions = new double[scores.length][1];
        for (int i = 0; i < scores.length; i++) {
            labels[i][0] = positive[i] ? 1 : 0;
            predictions[i][0] = 1 / (1 + Math.exp(-scores[i]));
        }
        ROC roc = new ROC(0);
        roc.eval(Nd4j.create(labels), Nd4j.create(predictions));
        return roc;
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean x : b) {
            c += x ? 1 : 0;
        }
        return c;
    }
}
