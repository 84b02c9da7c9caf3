package org.dqmstream.monitor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.dqmstream.image.RepeatedEvents;

/**
 * What one lumisection's events of one image source showed so far: predicted-class counts and a
 * bounded sample of classifier scores (when the source has a classifier), the events' projections
 * added up (when it has a fault autoencoder), how long it has been idle while the monitor was running,
 * to close idle lumisections, the Kafka timestamp of its latest event, to measure the delay to its
 * flags, and which of its events repeat an earlier one ({@link RepeatedEvents}).
 */
final class LumisectionImages {
    /** Enough for a Kolmogorov-Smirnov test; bounds the store whatever the event rate. */
    static final int MAX_SCORES = 5000;

    final String source;
    final int run;
    final int lumisection;
    final long firstTimestamp;
    /** Milliseconds without a new event, counted only while the stream thread was responsive. */
    long idleMs;
    long lastRecordTimestamp;
    long events;
    final long[] counts;
    final double[] projectionSums;
    double[] scores;
    int scoreCount;
    RepeatedEvents repeats = new RepeatedEvents();

    LumisectionImages(String source, int run, int lumisection, long firstTimestamp, int classes, int projections) {
        this.source = source;
        this.run = run;
        this.lumisection = lumisection;
        this.firstTimestamp = firstTimestamp;
        this.counts = new long[classes];
        this.projectionSums = new double[projections];
        this.scores = new double[16];
    }

    static String key(String source, int run, int lumisection) {
        return source + ":" + run + ":" + lumisection;
    }

    String key() {
        return key(source, run, lumisection);
    }

    void counted(long recordTimestamp) {
        events++;
        lastRecordTimestamp = Math.max(lastRecordTimestamp, recordTimestamp);
    }

    void classified(int predictedClass, double score) {
        counts[predictedClass]++;
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

    byte[] toBytes() {
        byte[] name = source.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + name.length + 4 + 4 + 8 + 8 + 8 + 8 + 4 + 8 * counts.length + 4
                + 8 * projectionSums.length + 4 + 8 * scoreCount + repeats.byteSize());
        b.putInt(name.length).put(name).putInt(run).putInt(lumisection).putLong(firstTimestamp).putLong(idleMs)
                .putLong(lastRecordTimestamp).putLong(events).putInt(counts.length);
        for (long c : counts) {
            b.putLong(c);
        }
        b.putInt(projectionSums.length);
        for (double s : projectionSums) {
            b.putDouble(s);
        }
        b.putInt(scoreCount);
        for (int i = 0; i < scoreCount; i++) {
            b.putDouble(scores[i]);
        }
        repeats.write(b);
        return b.array();
    }

    static LumisectionImages fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] name = new byte[b.getInt()];
        b.get(name);
        int run = b.getInt(), lumisection = b.getInt();
        long first = b.getLong(), idle = b.getLong(), lastRecord = b.getLong(), events = b.getLong();
        long[] counts = new long[b.getInt()];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = b.getLong();
        }
        double[] sums = new double[b.getInt()];
        for (int j = 0; j < sums.length; j++) {
            sums[j] = b.getDouble();
        }
        LumisectionImages out = new LumisectionImages(new String(name, StandardCharsets.UTF_8), run, lumisection, first,
                counts.length, sums.length);
        System.arraycopy(counts, 0, out.counts, 0, counts.length);
        System.arraycopy(sums, 0, out.projectionSums, 0, sums.length);
        out.idleMs = idle;
        out.lastRecordTimestamp = lastRecord;
        out.events = events;
        int n = b.getInt();
        out.scores = new double[Math.max(16, n)];
        for (int i = 0; i < n; i++) {
            out.scores[i] = b.getDouble();
        }
        out.scoreCount = n;
        if (b.hasRemaining()) { // written before repeated events were counted otherwise
            out.repeats = RepeatedEvents.read(b);
        }
        return out;
    }
}
