package org.dqmstream.lumisection;

import java.util.List;

/**
 * Features that one autoencoder models together: one trigger stream seen through one reconstruction
 * channel (e.g. muons_calo), or the event counts of all streams.
 *
 * @param featureIndices positions of the group's features in the layout, in layout order
 */
public record ChannelGroup(String name, int[] featureIndices, List<FeatureName> features) {

    public int size() {
        return featureIndices.length;
    }
}
