package org.dqmstream.runs;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.dqmstream.model.RunDeviation;

/**
 * What the monitor remembers of one run between its lumisections: the features of the latest one, for
 * each feature how many lumisections in a row it has come unchanged, and the channel groups' deviation
 * from the run's start ({@link RunDeviation}). Kept per run in a changelogged
 * store, so a restart or a rebalance resumes it exactly; a few kilobytes per open run.
 */
public final class RunHistory {
    private int lastLumisection;
    private long lastSeenMillis;
    private float[] previous;
    /** Per feature, how many consecutive lumisections it repeated its value; saturates at 127. */
    private byte[] unchanged;
    private RunDeviation deviation;

    private RunHistory(int lastLumisection, long lastSeenMillis, float[] previous, byte[] unchanged,
                       RunDeviation deviation) {
        this.lastLumisection = lastLumisection;
        this.lastSeenMillis = lastSeenMillis;
        this.previous = previous;
        this.unchanged = unchanged;
        this.deviation = deviation;
    }

    /** A run of which nothing has been seen yet. */
    public static RunHistory empty() {
        return new RunHistory(0, 0, null, null, new RunDeviation("", new int[0]));
    }

    /**
     * The run's deviation along the principal directions of the model in service, started afresh when the
     * model changed.
     */
    RunDeviation deviation(String model, int[] directions) {
        if (!deviation.follows(model, directions)) {
            deviation = new RunDeviation(model, directions);
        }
        return deviation;
    }

    /** No lumisection seen yet: the first ones are judged by the model alone. */
    boolean isEmpty() {
        return previous == null;
    }

    int lastLumisection() {
        return lastLumisection;
    }

    /** When (stream time, ms) the run was last seen: runs idle beyond the retention are forgotten. */
    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    float[] previous() {
        return previous;
    }

    byte[] unchanged() {
        return unchanged;
    }

    /** The latest lumisection; the per-feature repeat counts carry on (updated by the caller). */
    void remember(int lumisection, long seenMillis, float[] features) {
        if (previous == null || previous.length != features.length) {
            unchanged = new byte[features.length];
        }
        lastLumisection = lumisection;
        lastSeenMillis = Math.max(lastSeenMillis, seenMillis);
        previous = features.clone();
    }

    public byte[] toBytes() {
        int n = previous == null ? 0 : previous.length;
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + n * 5 + deviation.byteSize());
        b.putInt(lastLumisection).putLong(lastSeenMillis).putInt(n);
        if (n > 0) {
            b.asFloatBuffer().put(previous);
            b.position(b.position() + n * 4);
            b.put(unchanged);
        }
        deviation.write(b);
        return b.array();
    }

    public static RunHistory fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int lumisection = b.getInt();
        long seen = b.getLong();
        int n = b.getInt();
        float[] previous = null;
        byte[] unchanged = null;
        if (n > 0) {
            previous = new float[n];
            b.asFloatBuffer().get(previous);
            b.position(b.position() + n * 4);
            unchanged = new byte[n];
            b.get(unchanged);
        }
        return new RunHistory(lumisection, seen, previous, unchanged, RunDeviation.read(b));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunHistory h && h.lastLumisection == lastLumisection && h.lastSeenMillis == lastSeenMillis
                && Arrays.equals(h.previous, previous) && Arrays.equals(h.unchanged, unchanged)
                && h.deviation.equals(deviation);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(previous) * 31 + lastLumisection;
    }
}
