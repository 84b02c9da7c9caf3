package org.dqmstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.lumisection.FeatureName;

/**
 * What a channel-group model sees: the group's features, with event counts turned into rates per unit
 * of luminosity. Raw counts scale with luminosity; the rate is what a trigger or luminosity fault moves.
 * Built once per group: which inputs are counts, and of which stream, is known before any record comes.
 */
public final class InputTransform {
    private static final float MIN_LUMINOSITY = 1e-3f;
    private final int[] featureIndices;
    private final int[] countPositions;
    private final String[] countStreams;

    private InputTransform(int[] featureIndices, int[] countPositions, String[] countStreams) {
        this.featureIndices = featureIndices;
        this.countPositions = countPositions;
        this.countStreams = countStreams;
    }

    public static InputTransform of(ChannelGroup group) {
        List<Integer> positions = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            FeatureName f = group.features().get(i);
            if (f.kind() == FeatureName.Kind.EVENT_COUNT) {
                positions.add(i);
                streams.add(f.stream());
            }
        }
        return new InputTransform(group.featureIndices(), positions.stream().mapToInt(Integer::intValue).toArray(),
                streams.toArray(String[]::new));
    }

    public int width() {
        return featureIndices.length;
    }

    public float[] groupInput(float[] features, Map<String, Float> luminosityByStream) {
        float[] out = new float[width()];
        write(features, luminosityByStream, out, 0);
        return out;
    }

    /** Writes one lumisection's group input into {@code out} from {@code offset}: batches are one array. */
    public void write(float[] features, Map<String, Float> luminosityByStream, float[] out, int offset) {
        for (int i = 0; i < featureIndices.length; i++) {
            out[offset + i] = features[featureIndices[i]];
        }
        for (int c = 0; c < countPositions.length; c++) {
            float lumi = luminosityByStream.getOrDefault(countStreams[c], 0f);
            out[offset + countPositions[c]] /= Math.max(lumi, MIN_LUMINOSITY);
        }
    }
}
