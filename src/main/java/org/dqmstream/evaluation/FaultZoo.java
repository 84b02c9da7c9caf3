package org.dqmstream.evaluation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.lumisection.FeatureName;
import org.dqmstream.lumisection.LumisectionId;
import org.dqmstream.model.SubsystemMap;
import org.dqmstream.records.LumisectionFeatures;

/**
 * Generic faults, none of them physics: each spoils a random subset of 5-40 features of one channel
 * group (or, for the quantity families, every statistic of one physics quantity of it: 35 features), for
 * an episode of a few lumisections inside a run, by an intensity in units of each feature's spread over
 * the clean lumisections given. They stand for what a shift crew meets that nobody wrote a
 * generator for, so that a detector is judged on kinds it was not designed around.
 */
public final class FaultZoo {

    public enum Family {
        /** Every spoilt feature moved by the intensity, one sign for the episode. */
        SHIFT,
        /** Multiplied, so that a typical value moves by the intensity. */
        SCALE,
        /** Spread around the clean mean widened by the intensity (as a fraction). */
        WIDTH,
        /** Set to zero: a dead readout channel. */
        DEAD,
        /** A shift of one lumisection only. */
        SPIKE,
        /** Frozen at the value of the lumisection before the episode. */
        FROZEN,
        /** A shift from mid-run to the end of the run. */
        STEP,
        /** A shift growing lumisection by lumisection to the intensity. */
        RAMP,
        /**
         * Every statistic of one physics quantity of the group (e.g. all its pt features) multiplied from
         * mid-run to the run's end, as a calibration change would: coherent, unlike the random subsets.
         */
        QUANTITY_SCALE,
        /** Every statistic of one physics quantity of the group shifted by the intensity, for an episode. */
        QUANTITY_SHIFT;

        /** Whether it spoils one whole quantity instead of a random subset. */
        boolean wholeQuantity() {
            return this == QUANTITY_SCALE || this == QUANTITY_SHIFT;
        }
    }

    /**
     * One spoilt stretch of a run.
     *
     * @param lumisections the spoilt lumisections, in order from the onset
     * @param subsystems   the subsystems fed by {@code group}: bad while it lasts
     */
    public record Episode(Family family, String group, double intensity, int features, List<LumisectionId> lumisections,
                          List<String> subsystems) {
    }

    /** The lumisections, some spoilt, and the episodes that spoilt them. */
    public record Spoilt(List<LumisectionFeatures> records, List<Episode> episodes) {
    }

    private FaultZoo() {
    }

    /**
     * Spoils one episode in each run of {@code clean} long enough to hold one with clean lumisections on
     * both sides (at least 4 before it).
     *
     * @param clean lumisections good for every subsystem, each run's in order
     */
    public static Spoilt spoil(FeatureLayout layout, SubsystemMap subsystems, List<ValidLumisection> clean,
                               Family family, double minSigma, double maxSigma, long seed) {
        Random rng = new Random(seed);
        int n = layout.size();
        double[] mean = new double[n];
        double[] std = new double[n];
        for (ValidLumisection l : clean) {
            float[] f = l.features();
            for (int j = 0; j < n; j++) {
                mean[j] += f[j];
                std[j] += (double) f[j] * f[j];
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= clean.size();
            std[j] = Math.sqrt(Math.max(0, std[j] / clean.size() - mean[j] * mean[j]));
        }
        List<ChannelGroup> groups = layout.groups().stream().filter(g -> g.size() >= 40).toList();
        Map<Integer, List<ValidLumisection>> runs = new LinkedHashMap<>();
        clean.forEach(l -> runs.computeIfAbsent(l.record().getRun(), r -> new ArrayList<>()).add(l));

        List<LumisectionFeatures> out = new ArrayList<>(clean.size());
        List<Episode> episodes = new ArrayList<>();
        for (List<ValidLumisection> run : runs.values()) {
            float[][] features = run.stream().map(l -> l.features().clone()).toArray(float[][]::new);
            int length = family == Family.SPIKE ? 1 : 4 + rng.nextInt(5);
            if (run.size() >= 4 + length + 2) {
                int onset = 4 + rng.nextInt(run.size() - length - 2 - 4 + 1);
                int end = family == Family.STEP || family == Family.QUANTITY_SCALE ? run.size() : onset + length;
                ChannelGroup group = groups.get(rng.nextInt(groups.size()));
                int[] spoilt = family.wholeQuantity() ? quantity(group, std, rng)
                        : pick(group, std, 5 + rng.nextInt(Math.min(40, group.size()) - 5 + 1), rng);
                double intensity = minSigma + (maxSigma - minSigma) * rng.nextDouble();
                double sign = rng.nextBoolean() ? 1 : -1;
                List<LumisectionId> ids = new ArrayList<>();
                for (int t = onset; t < end; t++) {
                    for (int j : spoilt) {
                        features[t][j] = (float) spoil(family, features[t][j], features[onset - 1][j], mean[j], std[j],
                                intensity, sign, (t - onset + 1) / (double) (end - onset));
                    }
                    ids.add(run.get(t).id());
                }
                List<String> affected = subsystems.subsystems().stream()
                        .filter(s -> subsystems.groups(s).contains(group.name())).toList();
                episodes.add(new Episode(family, group.name(), intensity, spoilt.length, ids, affected));
            }
            for (int t = 0; t < run.size(); t++) {
                LumisectionFeatures r = run.get(t).record();
                out.add(new LumisectionFeatures(r.getRun(), r.getLumisection(), r.getTimestamp(), r.getStreams(),
                        r.getLayoutId(), r.getFeatureCount(), PackedFloats.pack(features[t])));
            }
        }
        return new Spoilt(out, episodes);
    }

    private static double spoil(Family family, double x, double before, double mean, double std, double intensity,
                                double sign, double progress) {
        return switch (family) {
            case SHIFT, SPIKE, STEP, QUANTITY_SHIFT -> x + sign * intensity * std;
            case SCALE, QUANTITY_SCALE -> x * (1 + sign * intensity * std / Math.max(Math.abs(mean), std));
            case WIDTH -> mean + (x - mean) * (1 + intensity);
            case DEAD -> 0;
            case FROZEN -> before;
            case RAMP -> x + sign * intensity * std * progress;
        };
    }

    /** The varying features of one of the group's particle quantities (eta, phi, pt, ...), picked at random. */
    private static int[] quantity(ChannelGroup group, double[] std, Random rng) {
        List<String> quantities = group.features().stream().filter(f -> f.quantile() != null)
                .map(FeatureName::quantity).distinct().toList();
        String chosen = quantities.get(rng.nextInt(quantities.size()));
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < group.size(); k++) {
            int j = group.featureIndices()[k];
            if (chosen.equals(group.features().get(k).quantity()) && group.features().get(k).quantile() != null
                    && std[j] > 0) {
                out.add(j);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code count} distinct features of the group that vary in the clean data (layout indices). */
    private static int[] pick(ChannelGroup group, double[] std, int count, Random rng) {
        List<Integer> varying = new ArrayList<>();
        for (int j : group.featureIndices()) {
            if (std[j] > 0) {
                varying.add(j);
            }
        }
        Set<Integer> chosen = new HashSet<>();
        while (chosen.size() < Math.min(count, varying.size())) {
            chosen.add(varying.get(rng.nextInt(varying.size())));
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
