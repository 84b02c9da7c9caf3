package org.dqmstream.lumisection;

import java.util.List;

/**
 * The vocabulary of the CMS lumisection feature names:
 * {@code <stream>_<channel>_<quantity>_<quantile>_<statistic>} for particle distributions,
 * {@code <stream>_<channel>_<component>_<statistic>} for momentum components and
 * {@code <stream>_<count>} for event counts.
 */
public final class FeatureGrammar {
    public static final List<String> STREAMS = List.of("minibias", "muons", "photons");
    public static final List<String> CHANNELS = List.of("muons", "photons", "PF", "calo");
    public static final List<String> QUANTITIES = List.of("eta", "phi", "pt", "fX", "fY", "fZ", "mass");
    public static final List<String> QUANTILES = List.of("q1", "q2", "q3", "q4", "q5");
    public static final List<String> STATISTICS = List.of("p1", "p25", "p50", "p75", "p99", "mean", "std");
    public static final List<String> MOMENTUM_COMPONENTS = List.of("Px", "Py", "Pz");
    public static final List<String> COUNTS = List.of("nEvents", "nonZeroWeights");

    /** Channel-group name of the per-stream event counts: trigger and luminosity problems show there. */
    public static final String EVENT_COUNTS_GROUP = "eventCounts";

    private FeatureGrammar() {
    }
}
