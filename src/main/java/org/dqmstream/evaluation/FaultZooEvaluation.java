package org.dqmstream.evaluation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dqmstream.flags.SubsystemFlagger;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.runs.RunContext;
import org.dqmstream.runs.StaleReadout;
import org.dqmstream.scoring.LumisectionScorer;
import org.dqmstream.scoring.ScoredLumisection;

/**
 * The monitor's detectors (autoencoders and stale readout, as the stream runs them) on each family of
 * the {@link FaultZoo}, per intensity bin: per affected subsystem the ROC AUC of episode lumisections
 * against clean ones, the share of them flagged BAD, and how many lumisections after the onset the first
 * BAD came. And the clean BAD false-alarm rate per subsystem, with its 95% interval.
 */
public final class FaultZooEvaluation {
    /** Intensity bins, in units of each feature's clean spread. */
    public static final List<double[]> BINS = List.of(new double[] {0.45, 1.5}, new double[] {1.5, 3.0});

    /**
     * @param meanAuc       mean over the affected subsystems of their AUC
     * @param minAuc        the worst affected subsystem's AUC
     * @param badEfficiency share of (episode lumisection, affected subsystem) pairs flagged BAD
     * @param detected      share of episodes with a BAD flag for an affected subsystem
     * @param medianDelay   lumisections from the onset to the first such flag, median over detected episodes
     * @param autoencoderAuc mean AUC of the autoencoders' score alone, without the run context
     * @param peerAuc        mean AUC of the statistical peer's score alone (NaN without one)
     */
    public record FamilyResult(FaultZoo.Family family, double minSigma, double maxSigma, int episodes,
                               double meanAuc, double minAuc, double badEfficiency, double detected,
                               double medianDelay, double autoencoderAuc, double peerAuc) {
    }

    /** Which of a lumisection's per-subsystem values: the flag's margin, or one detector's score alone. */
    private static final int MARGIN = 0, AUTOENCODER = 1, PEER = 2;

    public record Result(List<FamilyResult> families, Map<String, Rate> cleanBadRate) {
    }

    private FaultZooEvaluation() {
    }

    /** @param clean lumisections good for every subsystem, each run's in order (for example generated ones) */
    public static Result evaluate(ModelBundle bundle, StaleReadout.Settings stale, List<ValidLumisection> clean,
                                  long seed, int batch) {
        Map<LumisectionId, Map<String, double[]>> cleanScores = subsystemScores(bundle, stale, clean, batch);
        Map<String, Rate> cleanRate = new LinkedHashMap<>();
        for (String subsystem : bundle.subsystems().subsystems()) {
            int flagged = (int) cleanScores.values().stream().filter(s -> bad(s.get(subsystem)[MARGIN])).count();
            cleanRate.put(subsystem, Rate.of(flagged, cleanScores.size()));
        }
        List<FamilyResult> results = new ArrayList<>();
        for (FaultZoo.Family family : FaultZoo.Family.values()) {
            for (double[] bin : BINS) {
                FaultZoo.Spoilt spoilt = FaultZoo.spoil(bundle.layout(), bundle.subsystems(), clean, family, bin[0],
                        bin[1], seed + 31L * family.ordinal() + (long) (bin[0] * 100));
                List<ValidLumisection> lumisections = spoilt.records().stream()
                        .map(r -> new ValidLumisection(r, PackedFloats.unpack(r.getFeatures()))).toList();
                results.add(judge(bundle, family, bin, spoilt, subsystemScores(bundle, stale, lumisections, batch)));
            }
        }
        return new Result(results, cleanRate);
    }

    private static FamilyResult judge(ModelBundle bundle, FaultZoo.Family family, double[] bin, FaultZoo.Spoilt spoilt,
                                      Map<LumisectionId, Map<String, double[]>> scores) {
        Map<LumisectionId, FaultZoo.Episode> episodeOf = new HashMap<>();
        spoilt.episodes().forEach(e -> e.lumisections().forEach(id -> episodeOf.put(id, e)));
        List<List<Double>> aucs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int pairs = 0, flagged = 0;
        for (String subsystem : bundle.subsystems().subsystems()) {
            for (int value : new int[] {MARGIN, AUTOENCODER, PEER}) {
                List<Double> positive = new ArrayList<>(), negative = new ArrayList<>();
                scores.forEach((id, s) -> {
                    FaultZoo.Episode e = episodeOf.get(id);
                    if (e == null) {
                        negative.add(s.get(subsystem)[value]);
                    } else if (e.subsystems().contains(subsystem)) {
                        positive.add(s.get(subsystem)[value]);
                    }
                });
                if (value == MARGIN) {
                    for (double p : positive) {
                        pairs++;
                        flagged += bad(p) ? 1 : 0;
                    }
                }
                boolean known = positive.stream().noneMatch(d -> d.isNaN()) && negative.stream().noneMatch(d -> d.isNaN());
                if (known && positive.size() >= 5 && !negative.isEmpty()) {
                    aucs.get(value).add(auc(positive, negative));
                }
            }
        }
        List<Integer> delays = new ArrayList<>();
        for (FaultZoo.Episode e : spoilt.episodes()) {
            for (int t = 0; t < e.lumisections().size(); t++) {
                Map<String, double[]> s = scores.get(e.lumisections().get(t));
                if (e.subsystems().stream().anyMatch(sub -> bad(s.get(sub)[MARGIN]))) {
                    delays.add(t);
                    break;
                }
            }
        }
        int[] sorted = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new FamilyResult(family, bin[0], bin[1], spoilt.episodes().size(), mean(aucs.get(MARGIN)),
                aucs.get(MARGIN).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                pairs == 0 ? Double.NaN : (double) flagged / pairs,
                spoilt.episodes().isEmpty() ? Double.NaN : (double) delays.size() / spoilt.episodes().size(),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2], mean(aucs.get(AUTOENCODER)),
                mean(aucs.get(PEER)));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** A margin past the BAD threshold (see {@link SubsystemFlagger.Verdict}) is BAD when positive. */
    private static boolean bad(double margin) {
        return margin > 0;
    }

    /**
     * Per lumisection and subsystem: its margin past the BAD threshold, as the stream judges it in its run;
     * the autoencoders' score alone; and the statistical peer's alone (NaN without one).
     */
    private static Map<LumisectionId, Map<String, double[]>> subsystemScores(ModelBundle bundle,
                                                                           StaleReadout.Settings stale,
                                                                           List<ValidLumisection> lumisections,
                                                                           int batch) {
        LumisectionScorer scorer = new LumisectionScorer(bundle);
        List<ScoredLumisection> scored = new ArrayList<>();
        for (int i = 0; i < lumisections.size(); i += batch) {
            scored.addAll(scorer.score(lumisections.subList(i, Math.min(lumisections.size(), i + batch))));
        }
        SubsystemFlagger flagger = new SubsystemFlagger(bundle, 1);
        Map<LumisectionId, Map<String, double[]>> out = new LinkedHashMap<>();
        for (ScoredLumisection s : LumisectionEvaluation.withRunHistories(new RunContext(bundle, stale), scored)) {
            Map<String, double[]> bySubsystem = new HashMap<>();
            bundle.subsystems().subsystems().forEach(sub -> bySubsystem.put(sub, new double[] {
                    flagger.verdict(sub, s).margin(), bundle.subsystems().score(sub, s.autoencoderScores()),
                    s.peerScores().isEmpty() ? Double.NaN : bundle.subsystems().largestKnown(sub, s.peerScores())}));
            out.put(s.lumisection().id(), bySubsystem);
        }
        return out;
    }

    /** P(positive > negative) + P(tie) / 2, exactly, by ranks. */
    static double auc(List<Double> positive, List<Double> negative) {
        double[] neg = negative.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = 0;
        for (double p : positive) {
            int below = lowerBound(neg, p);
            int notAbove = upperBound(neg, p);
            sum += below + 0.5 * (notAbove - below);
        }
        return sum / ((double) positive.size() * neg.length);
    }

    private static int lowerBound(double[] a, double x) {
        int i = Arrays.binarySearch(a, x);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && a[i - 1] == x) {
            i--;
        }
        return i;
    }

    private static int upperBound(double[] a, double x) {
        int i = lowerBound(a, x);
        while (i < a.length && a[i] == x) {
            i++;
        }
        return i;
    }

    /** faults.csv (one row per family and intensity bin) and clean_false_alarms.csv, in {@code dir}. */
    public static void write(Result r, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("faults.csv")))) {
            w.println("family,min_sigma,max_sigma,episodes,auc_mean,auc_min,bad_efficiency,detected,median_delay,"
                    + "auc_autoencoder,auc_statistical_peer");
            for (FamilyResult f : r.families()) {
                w.println(String.format(Locale.ROOT, "%s,%.2f,%.2f,%d,%.4f,%.4f,%.4f,%.4f,%.1f,%.4f,%.4f", f.family(),
                        f.minSigma(), f.maxSigma(), f.episodes(), f.meanAuc(), f.minAuc(), f.badEfficiency(),
                        f.detected(), f.medianDelay(), f.autoencoderAuc(), f.peerAuc()));
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("clean_false_alarms.csv")))) {
            w.println("subsystem,bad_flags,lumisections,bad_rate,low_95,high_95");
            r.cleanBadRate().forEach((s, rate) -> w.println(String.format(Locale.ROOT, "%s,%d,%d,%.5f,%.5f,%.5f", s,
                    rate.count(), rate.of(), rate.rate(), rate.low(), rate.high())));
        }
    }

    public static String text(Result r) {
        StringBuilder b = new StringBuilder("Fault zoo: 5-40 features of one channel group, episodes of 4-8 "
                + "lumisections inside a run (SPIKE 1, STEP to the run's end)\n");
        b.append("AUC: of the flags as shipped; AE, peer: mean AUC of each detector's score alone\n");
        b.append(String.format(Locale.ROOT, "%-7s %-9s %8s %8s %8s %8s %9s %7s %6s %6s%n", "family", "sigma",
                "episodes", "AUC mean", "AUC min", "BAD eff", "detected", "delay", "AE", "peer"));
        for (FamilyResult f : r.families()) {
            b.append(String.format(Locale.ROOT, "%-7s %4.2f-%-4.2f %8d %8.3f %8.3f %8.3f %9.3f %7.1f %6.3f %6.3f%n",
                    f.family(), f.minSigma(), f.maxSigma(), f.episodes(), f.meanAuc(), f.minAuc(), f.badEfficiency(),
                    f.detected(), f.medianDelay(), f.autoencoderAuc(), f.peerAuc()));
        }
        b.append("Clean BAD false-alarm rate (95% interval):\n");
        r.cleanBadRate().forEach((s, rate) -> b.append(String.format(Locale.ROOT, "  %-8s %6.4f (%6.4f-%6.4f) of %d%n",
                s, rate.rate(), rate.low(), rate.high(), rate.of())));
        return b.toString();
    }
}
