package org.dqmstream.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What an input record may be before it is scored: its size, and the range of numbers a working
 * detector and producer can give. Anything beyond is a broken producer, not physics, and is
 * dead-lettered rather than scored (a lumisection with no events scores as GOOD, which would hide it).
 *
 * @param maxRecordBytes     key and value together; larger records are dead-lettered unparsed
 * @param earliestTimestamp  lumisection timestamps before this are OUT_OF_RANGE
 * @param maxAhead           how far a lumisection timestamp may lie ahead of the clock
 * @param maxEventsPerStream events of one stream in one lumisection
 * @param maxLuminosity      instantaneous luminosity of one stream, in 1e30 cm^-2 s^-1
 * @param clock              the present, for {@code maxAhead}
 */
public record InputLimits(int maxRecordBytes, Instant earliestTimestamp, Duration maxAhead, long maxEventsPerStream,
                          float maxLuminosity, Clock clock) {

    /** The size check on key and value together: a large key costs the output topics as much as a value. */
    public static void requireSize(byte[] key, byte[] value, int maxRecordBytes) throws RecordRejectedException {
        long size = (key == null ? 0L : key.length) + (value == null ? 0L : value.length);
        if (size > maxRecordBytes) {
            throw new RecordRejectedException(RejectionReason.OVERSIZED, "record of " + size + " bytes (key "
                    + (key == null ? 0 : key.length) + ", value " + (value == null ? 0 : value.length)
                    + ") exceeds the limit of " + maxRecordBytes);
        }
    }

    Instant latestTimestamp() {
        return clock.instant().plus(maxAhead);
    }
}
