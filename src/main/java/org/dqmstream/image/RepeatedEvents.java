package org.dqmstream.image;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.codec.digest.MurmurHash3;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;

/**
 * Event images of one lumisection that repeat an earlier event of it pixel for pixel: readout that
 * stopped updating and sends the same buffer again. A classifier or an autoencoder sees nothing wrong in a
 * repeated event; two real events are never identical at this resolution. Events are remembered by a
 * 64-bit hash of their pixels, the first {@link #MAX_REMEMBERED} of a lumisection, so the state stays
 * bounded whatever the event rate.
 */
public final class RepeatedEvents {
    public static final String DETECTOR = "stale-readout";
    /** Events remembered per lumisection. */
    public static final int MAX_REMEMBERED = 1000;
    /** Repeats needed for a verdict, however many events the lumisection has. */
    public static final int MIN_REPEATED = 3;
    /** Share of the lumisection's events that must repeat an earlier one. */
    public static final double MIN_SHARE = 0.1;

    private long[] hashes;
    private int remembered;
    private long repeated;

    public RepeatedEvents() {
        this(new long[16], 0, 0);
    }

    private RepeatedEvents(long[] hashes, int remembered, long repeated) {
        this.hashes = hashes;
        this.remembered = remembered;
        this.repeated = repeated;
    }

    /** Takes one event's pixels as its record carries them (read, not consumed). */
    public void add(ByteBuffer pixels) {
        long hash;
        if (pixels.hasArray()) { // as Avro decodes them: hashed in place, no copy per event
            hash = MurmurHash3.hash128x64(pixels.array(), pixels.arrayOffset() + pixels.position(),
                    pixels.remaining(), 0)[0];
        } else {
            byte[] bytes = new byte[pixels.remaining()];
            pixels.duplicate().get(bytes);
            hash = MurmurHash3.hash128x64(bytes, 0, bytes.length, 0)[0];
        }
        int at = Arrays.binarySearch(hashes, 0, remembered, hash);
        if (at >= 0) {
            repeated++;
        } else if (remembered < MAX_REMEMBERED) {
            if (remembered == hashes.length) {
                hashes = Arrays.copyOf(hashes, Math.min(MAX_REMEMBERED, 2 * hashes.length));
            }
            int insert = -at - 1;
            System.arraycopy(hashes, insert, hashes, insert + 1, remembered - insert);
            hashes[insert] = hash;
            remembered++;
        }
    }

    public long repeated() {
        return repeated;
    }

    /** Whether so many of the lumisection's {@code events} repeat that its readout is stale. */
    public boolean stale(long events) {
        return repeated >= MIN_REPEATED && repeated >= MIN_SHARE * events;
    }

    /**
     * A check's flag for the lumisection, or, when its readout is stale, that flag made BAD with the reason:
     * whatever the images score, they are not this lumisection's events.
     */
    public SubsystemFlag judge(SubsystemFlag flag, String source, long events) {
        if (!stale(events)) {
            return flag;
        }
        String reason = String.format(Locale.ROOT, "%s BAD: %s readout stale: %d of %d events repeat an earlier "
                + "event of this lumisection pixel for pixel", flag.getSubsystem(), source, repeated, events);
        return new SubsystemFlag(flag.getRun(), flag.getLumisection(), flag.getTimestamp(), flag.getSubsystem(),
                FlagLevel.BAD, flag.getScore(), flag.getWarningThreshold(), flag.getBadThreshold(),
                flag.getModelVersion(), flag.getSource(), List.of(), reason, DETECTOR);
    }

    public int byteSize() {
        return 4 + 8 + 8 * remembered;
    }

    public void write(ByteBuffer b) {
        b.putInt(remembered).putLong(repeated);
        for (int i = 0; i < remembered; i++) {
            b.putLong(hashes[i]);
        }
    }

    public static RepeatedEvents read(ByteBuffer b) {
        int remembered = b.getInt();
        long repeated = b.getLong();
        long[] hashes = new long[Math.max(16, remembered)];
        for (int i = 0; i < remembered; i++) {
            hashes[i] = b.getLong();
        }
        return new RepeatedEvents(hashes, remembered, repeated);
    }
}
