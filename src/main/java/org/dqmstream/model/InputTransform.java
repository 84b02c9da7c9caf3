package org.dqmstream.model;

import java.util.Map;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.lumisection.FeatureName;

/**
 * What a channel-group model sees: the group's features, with event counts turned into rates per unit
 * of luminosity. Raw counts scale with luminosity; the rate is what a trigger or luminosity fault moves.
 */
public final class InputTransform {
    private static final float MIN_LUMINOSITY = 1e-3f;

    private InputTransform() {
    }

    public static float[] groupInput(ChannelGroup group, float[] features, Map<String, Float> luminosityByStream) {
        float[] out = group.select(features);
        for (int i = 0; i < out.length; i++) {
            FeatureName f = group.features().get(i);
            if (f.kind() == FeatureName.Kind.EVENT_COUNT) {
                float lumi = luminosityByStream.getOrDefault(f.stream(), 0f);
                out[i] = out[i] / Math.max(lumi, MIN_LUMINOSITY);
            }
        }
        return out;
    }
}
