package org.dqmstream.lumisection;

import static org.dqmstream.lumisection.FeatureGrammar.*;

import java.util.List;

/**
 * One parsed lumisection feature name. Fields that a kind of name does not have are null.
 */
public record FeatureName(String name, Kind kind, String stream, String channel, String quantity,
                          String quantile, String statistic) {

    public enum Kind { PARTICLE_STATISTIC, MOMENTUM_STATISTIC, EVENT_COUNT }

    /** Parses a name by the CMS grammar; the message names the offending part. */
    public static FeatureName parse(String name) {
        String[] parts = name.split("_", -1);
        switch (parts.length) {
            case 5 -> {
                expect(name, "stream", parts[0], STREAMS);
                expect(name, "channel", parts[1], CHANNELS);
                expect(name, "quantity", parts[2], QUANTITIES);
                expect(name, "quantile", parts[3], QUANTILES);
                expect(name, "statistic", parts[4], STATISTICS);
                return new FeatureName(name, Kind.PARTICLE_STATISTIC, parts[0], parts[1], parts[2], parts[3], parts[4]);
            }
            case 4 -> {
                expect(name, "stream", parts[0], STREAMS);
                expect(name, "channel", parts[1], CHANNELS);
                expect(name, "momentum component", parts[2], MOMENTUM_COMPONENTS);
                expect(name, "statistic", parts[3], STATISTICS);
                return new FeatureName(name, Kind.MOMENTUM_STATISTIC, parts[0], parts[1], parts[2], null, parts[3]);
            }
            case 2 -> {
                expect(name, "stream", parts[0], STREAMS);
                expect(name, "count", parts[1], COUNTS);
                return new FeatureName(name, Kind.EVENT_COUNT, parts[0], null, parts[1], null, null);
            }
            default -> throw new IllegalArgumentException("feature '" + name + "' does not follow "
                    + "<stream>_<channel>_<quantity>_<quantile>_<statistic>, <stream>_<channel>_<P>_<statistic> "
                    + "or <stream>_<count>");
        }
    }

    /** The channel group a feature belongs to: stream x channel, or the shared event-count group. */
    public String channelGroup() {
        return kind == Kind.EVENT_COUNT ? EVENT_COUNTS_GROUP : stream + "_" + channel;
    }

    private static void expect(String name, String part, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("feature '" + name + "': unknown " + part + " '" + value
                    + "', expected one of " + allowed);
        }
    }
}
