package org.dqmstream.runs;

import java.util.ArrayList;
import java.util.List;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.model.ChannelGroupModel;
import org.dqmstream.model.ModelBundle;

/**
 * Finds readout that stopped updating: a channel group whose features repeat those of the run's
 * previous lumisection, or a feature that stays unchanged lumisection after lumisection, where good data
 * varies. An autoencoder cannot see this (a frozen lumisection reconstructs as well as a live one); a
 * shifter comparing two lumisections sees it at once.
 *
 * <p>Only features that vary in good data count (those whose training spread is above float rounding).
 * "Unchanged" means equal within a millionth of that spread: float noise, not physics. A group is stale
 * when at least {@code minFeatures} of its varying features repeat at once, or one of them has repeated in
 * {@code minRepeats} lumisections in a row (a counter that stopped).
 */
public final class StaleReadout {
    private static final double NOISE = 1e-6;

    /**
     * @param minFeatures features of one group repeating at once that make it stale
     * @param minRepeats  lumisections in a row one feature may repeat before its group is stale
     */
    public record Settings(int minFeatures, int minRepeats) {
        public Settings {
            if (minFeatures < 1 || minRepeats < 1 || minRepeats > Byte.MAX_VALUE) {
                throw new IllegalArgumentException("stale readout needs minFeatures >= 1 and 1 <= minRepeats <= 127");
            }
        }
    }

    /**
     * A group found stale in one lumisection.
     *
     * @param repeated       its varying features unchanged since the run's previous lumisection
     * @param varying        its features that vary in good data
     * @param longestRepeat  lumisections in a row its most persistent feature has repeated
     * @param feature        that feature's name
     * @param since          the previous lumisection it was compared with
     */
    public record StaleGroup(String group, int repeated, int varying, int longestRepeat, String feature,
                             int since) {
    }

    private record Group(String name, int[] indices, double[] tolerance, String[] names) {
    }

    private final List<Group> groups = new ArrayList<>();
    private final Settings settings;

    public StaleReadout(ModelBundle bundle, Settings settings) {
        this.settings = settings;
        for (ChannelGroupModel model : bundle.groups()) {
            ChannelGroup group = bundle.layout().group(model.group());
            float[] std = model.standardization().std();
            float[] mean = model.standardization().mean();
            List<Integer> varying = new ArrayList<>();
            for (int j = 0; j < group.size(); j++) {
                // Standardization floors the spread of a constant feature at a millionth of its mean.
                if (std[j] > 10 * Math.max(Math.abs(mean[j]) * 1e-6, 1e-12)) {
                    varying.add(j);
                }
            }
            int[] indices = varying.stream().mapToInt(j -> group.featureIndices()[j]).toArray();
            double[] tolerance = varying.stream().mapToDouble(j -> NOISE * std[j]).toArray();
            String[] names = varying.stream().map(j -> group.features().get(j).name()).toArray(String[]::new);
            groups.add(new Group(model.group(), indices, tolerance, names));
        }
    }

    /**
     * Compares a lumisection with the run's previous one, then remembers it. The first lumisection of a run
     * has nothing to be compared with and is never stale.
     *
     * @param seenMillis stream time, for the run's expiry
     */
    public List<StaleGroup> observe(RunHistory history, ValidLumisection lumisection, long seenMillis) {
        float[] features = lumisection.features();
        List<StaleGroup> stale = new ArrayList<>();
        if (!history.isEmpty() && history.previous().length == features.length) {
            float[] previous = history.previous();
            byte[] unchanged = history.unchanged();
            for (Group g : groups) {
                int repeated = 0;
                int longest = 0;
                int longestAt = -1;
                for (int k = 0; k < g.indices().length; k++) {
                    int j = g.indices()[k];
                    if (Math.abs(features[j] - previous[j]) <= g.tolerance()[k]) {
                        repeated++;
                        unchanged[j] = (byte) Math.min(Byte.MAX_VALUE, unchanged[j] + 1);
                        if (unchanged[j] > longest) {
                            longest = unchanged[j];
                            longestAt = k;
                        }
                    } else {
                        unchanged[j] = 0;
                    }
                }
                if (repeated >= settings.minFeatures() || longest >= settings.minRepeats()) {
                    stale.add(new StaleGroup(g.name(), repeated, g.indices().length, longest, g.names()[longestAt],
                            history.lastLumisection()));
                }
            }
        }
        history.remember(lumisection.record().getLumisection(), seenMillis, features);
        return stale;
    }
}
