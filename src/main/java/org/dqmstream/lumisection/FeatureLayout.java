package org.dqmstream.lumisection;

import static org.dqmstream.lumisection.FeatureGrammar.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The ordered feature names of a lumisection record, parsed by the CMS grammar and grouped into
 * channel groups. Its id is a digest of the names, so two producers agree on an id exactly when they
 * agree on every name and its position.
 */
public final class FeatureLayout {
    private final List<FeatureName> features;
    private final List<ChannelGroup> groups;
    /** Looked up per subsystem and lumisection when flags are built. */
    private final Map<String, ChannelGroup> groupsByName;
    private final String id;

    private FeatureLayout(List<FeatureName> features) {
        this.features = List.copyOf(features);
        this.groups = groupByChannel(this.features);
        this.groupsByName = groups.stream().collect(Collectors.toUnmodifiableMap(ChannelGroup::name, g -> g));
        this.id = digest(this.features);
    }

    /** Parses an ordered list of names; rejects unknown vocabulary and duplicates, naming the culprit. */
    public static FeatureLayout parse(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a feature layout needs at least one feature");
        }
        Set<String> seen = new HashSet<>();
        List<FeatureName> parsed = new ArrayList<>(names.size());
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("feature '" + name + "' appears twice in the layout");
            }
            parsed.add(FeatureName.parse(name));
        }
        return new FeatureLayout(parsed);
    }

    /** Every name the grammar allows, in grammar order: 3 streams x 4 channels x (245 + 21) + 6 counts. */
    public static FeatureLayout standard() {
        List<String> names = new ArrayList<>();
        for (String stream : STREAMS) {
            for (String channel : CHANNELS) {
                for (String quantity : QUANTITIES) {
                    for (String quantile : QUANTILES) {
                        for (String statistic : STATISTICS) {
                            names.add(String.join("_", stream, channel, quantity, quantile, statistic));
                        }
                    }
                }
                for (String component : MOMENTUM_COMPONENTS) {
                    for (String statistic : STATISTICS) {
                        names.add(String.join("_", stream, channel, component, statistic));
                    }
                }
            }
        }
        for (String stream : STREAMS) {
            for (String count : COUNTS) {
                names.add(stream + "_" + count);
            }
        }
        return parse(names);
    }

    public String id() {
        return id;
    }

    public int size() {
        return features.size();
    }

    public List<FeatureName> features() {
        return features;
    }

    public List<String> names() {
        return features.stream().map(FeatureName::name).toList();
    }

    /** The streams whose event counts the layout holds: a record must give each one's luminosity. */
    public Set<String> countStreams() {
        return features.stream().filter(f -> f.kind() == FeatureName.Kind.EVENT_COUNT).map(FeatureName::stream)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public List<ChannelGroup> groups() {
        return groups;
    }

    public ChannelGroup group(String name) {
        ChannelGroup group = groupsByName.get(name);
        if (group == null) {
            throw new IllegalArgumentException("no channel group '" + name + "' in layout " + id);
        }
        return group;
    }

    private static List<ChannelGroup> groupByChannel(List<FeatureName> features) {
        Map<String, List<Integer>> indices = new LinkedHashMap<>();
        for (int i = 0; i < features.size(); i++) {
            indices.computeIfAbsent(features.get(i).channelGroup(), k -> new ArrayList<>()).add(i);
        }
        List<ChannelGroup> out = new ArrayList<>();
        indices.forEach((name, idx) -> out.add(new ChannelGroup(name,
                idx.stream().mapToInt(Integer::intValue).toArray(),
                idx.stream().map(features::get).toList())));
        return List.copyOf(out);
    }

    private static String digest(List<FeatureName> features) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (FeatureName f : features) {
                sha.update(f.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return "cms-ls-" + HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
