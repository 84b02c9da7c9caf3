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
    private final int width;
    /**
     * The group's features as runs of consecutive record positions, copied a run at a time: each standard
     * group is one run, and an element-by-element gather was the scorer's largest cost outside SGEMM.
     */
    private final int[] runStarts;
    private final int[] runLengths;
    private final int[] countPositions;
    private final String[] countStreams;

    private InputTransform(int[] featureIndices, int[] countPositions, String[] countStreams) {
        this.width = featureIndices.length;
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < featureIndices.length; i++) {
            if (i > 0 && featureIndices[i] == featureIndices[i - 1] + 1) {
                runs.get(runs.size() - 1)[1]++;
            } else {
                runs.add(new int[] {featureIndices[i], 1});
            }
        }
        this.runStarts = runs.stream().mapToInt(r -> r[0]).toArray();
        this.runLengths = runs.stream().mapToInt(r -> r[1]).toArray();
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
        return width;
    }

    public float[] groupInput(float[] features, Map<String, Float> luminosityByStream) {
        float[] out = new float[width()];
        write(features, luminosityByStream, out, 0);
        return out;
    }

    /** Writes one lumisection's group input into {@code out} from {@code offset}: batches are one array. */
    public void write(float[] features, Map<String, Float> luminosityByStream, float[] out, int offset) {
        int at = offset;
        for (int r = 0; r < runStarts.length; r++) {
            System.arraycopy(features, runStarts[r], out, at, runLengths[r]);
            at += runLengths[r];
        }
        for (int c = 0; c < countPositions.length; c++) {
            float lumi = luminosityByStream.getOrDefault(countStreams[c], 0f);
            out[offset + countPositions[c]] /= Math.max(lumi, MIN_LUMINOSITY);
        }
    }
}
