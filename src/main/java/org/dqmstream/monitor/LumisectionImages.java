package org.dqmstream.monitor;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What one lumisection's events told the image classifier so far: predicted-class counts and a
 * bounded sample of scores, with when it was last updated (wall clock) to close idle lumisections.
 */
final class LumisectionImages {
    /** Enough for a Kolmogorov-Smirnov test; bounds the store whatever the event rate. */
    static final int MAX_SCORES = 5000;

    final int run;
    final int lumisection;
    final long firstTimestamp;
    long lastUpdate;
    final long[] counts;
    double[] scores;
    int scoreCount;

    LumisectionImages(int run, int lumisection, long firstTimestamp, int classes) {
        this.run = run;
        this.lumisection = lumisection;
        this.firstTimestamp = firstTimestamp;
        this.counts = new long[classes];
        this.scores = new double[16];
    }

    void add(int predictedClass, double score, long now) {
        counts[predictedClass]++;
        lastUpdate = now;
        if (scoreCount < MAX_SCORES) {
            if (scoreCount == scores.length) {
                scores = Arrays.copyOf(scores, Math.min(MAX_SCORES, 2 * scores.length));
            }
            scores[scoreCount++] = score;
        }
    }

    double[] scores() {
        return Arrays.copyOf(scores, scoreCount);
    }

    String key() {
        return run + ":" + lumisection;
    }

    byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 + 8 + 4 + 8 * counts.length + 4 + 8 * scoreCount);
        b.putInt(run).putInt(lumisection).putLong(firstTimestamp).putLong(lastUpdate).putInt(counts.length);
        for (long c : counts) {
            b.putLong(c);
        }
        b.putInt(scoreCount);
        for (int i = 0; i < scoreCount; i++) {
            b.putDouble(scores[i]);
        }
        return b.array();
    }

    static LumisectionImages fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int run = b.getInt(), lumisection = b.getInt();
        long first = b.getLong(), last = b.getLong();
        LumisectionImages out = new LumisectionImages(run, lumisection, first, b.getInt());
        out.lastUpdate = last;
        for (int k = 0; k < out.counts.length; k++) {
            out.counts[k] = b.getLong();
        }
        int n = b.getInt();
        out.scores = new double[Math.max(16, n)];
        for (int i = 0; i < n; i++) {
            out.scores[i] = b.getDouble();
        }
        out.scoreCount = n;
        return out;
    }
}
