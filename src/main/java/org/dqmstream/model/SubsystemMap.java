package org.dqmstream.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.lumisection.FeatureLayout;

/**
 * Which channel groups feed each subsystem's verdict (configured as {@code subsystems.<Name>}: muon
 * chambers feed reconstructed muons, ECAL photons and calorimeter objects, trackers particle flow,
 * trigger and luminosity show in event rates). A subsystem's score is the largest score of its groups:
 * one broken group is enough to fail it.
 */
public record SubsystemMap(Map<String, List<String>> groupsBySubsystem) {

    /**
     * Resolves subsystem -> "token,token" against a layout: a token names a channel (every group of that
     * channel in any stream) or a group exactly.
     */
    public static SubsystemMap resolve(Map<String, String> sources, FeatureLayout layout) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        sources.forEach((subsystem, spec) -> {
            List<String> groups = new ArrayList<>();
            for (String token : spec.split(",")) {
                String t = token.trim();
                List<String> matched = layout.groups().stream().map(ChannelGroup::name)
                        .filter(g -> g.equals(t) || g.endsWith("_" + t)).toList();
                if (matched.isEmpty()) {
                    throw new IllegalArgumentException("subsystem " + subsystem + ": '" + t
                            + "' matches no channel group of layout " + layout.id());
                }
                matched.stream().filter(g -> !groups.contains(g)).forEach(groups::add);
            }
            out.put(subsystem, List.copyOf(groups));
        });
        return new SubsystemMap(out);
    }

    public List<String> subsystems() {
        return List.copyOf(groupsBySubsystem.keySet());
    }

    public List<String> groups(String subsystem) {
        return groupsBySubsystem.get(subsystem);
    }

    /**
     * The largest of the subsystem's groups' values that are known (not NaN), NaN when none is: a run's
     * deviation, which groups without principal directions do not have.
     */
    public double largestKnown(String subsystem, Map<String, Double> groupValues) {
        return groupsBySubsystem.get(subsystem).stream().mapToDouble(groupValues::get).filter(v -> !Double.isNaN(v))
                .max().orElse(Double.NaN);
    }

    public double score(String subsystem, Map<String, Double> groupScores) {
        return groupsBySubsystem.get(subsystem).stream().mapToDouble(groupScores::get).max().orElseThrow();
    }
}
