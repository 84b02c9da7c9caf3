package org.dqmstream.monitor;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.metrics.MonitorMetrics;
import org.dqmstream.records.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes dead letters that always fit the dead-letter topic. An input of up to input.max-record-bytes
 * travels whole; a larger one leaves its size, SHA-256 and first bytes, and its key if that is small. The
 * detail is cut to a bounded length. With output.max-record-bytes at least input.max-record-bytes plus
 * {@link org.dqmstream.config.MonitorConfig#DEAD_LETTER_OVERHEAD_BYTES} (checked at start), no dead letter
 * can be refused by the producer and stall its partition.
 */
final class DeadLetters {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    /** What is kept of a value or key too large to travel whole. */
    static final int KEPT_PREFIX_BYTES = 1024;
    static final int MAX_DETAIL_CHARS = 1000;

    private final String source;
    private final String inputTopic;
    private final int maxRecordBytes;
    private final MonitorMetrics metrics;

    DeadLetters(String source, String inputTopic, int maxRecordBytes, MonitorMetrics metrics) {
        this.source = source;
        this.inputTopic = inputTopic;
        this.maxRecordBytes = maxRecordBytes;
        this.metrics = metrics;
    }

    void send(ProcessorContext<byte[], byte[]> context, BufferedRecord r, RejectionReason reason, String detail) {
        DeadLetter letter = letter(r, reason, detail);
        byte[] key = r.key() == null || r.key().length <= KEPT_PREFIX_BYTES ? r.key() : null;
        context.forward(new Record<>(key, AvroRecords.encode(letter), r.timestamp()), MonitorTopology.DEAD_LETTER_SINK);
        metrics.deadLettered(source, reason);
        log.info("Dead-lettered {}-{}@{}: {} {}", inputTopic, r.partition(), r.offset(), reason, letter.getDetail());
    }

    DeadLetter letter(BufferedRecord r, RejectionReason reason, String detail) {
        byte[] value = r.value();
        int keyLength = r.key() == null ? 0 : r.key().length;
        boolean whole = (long) keyLength + value.length <= maxRecordBytes;
        String shownDetail = detail.length() <= MAX_DETAIL_CHARS ? detail
                : detail.substring(0, MAX_DETAIL_CHARS) + "... (" + detail.length() + " characters)";
        if (keyLength > KEPT_PREFIX_BYTES) {
            shownDetail += " [key of " + keyLength + " bytes not kept]";
        }
        byte[] payload = whole ? value : Arrays.copyOf(value, Math.min(value.length, KEPT_PREFIX_BYTES));
        return DeadLetter.newBuilder().setSourceTopic(inputTopic).setPartition(r.partition()).setOffset(r.offset())
                .setReason(reason.name()).setDetail(shownDetail)
                .setPayload(value.length == 0 ? null : ByteBuffer.wrap(payload))
                .setTimestamp(Instant.ofEpochMilli(r.timestamp())).setPayloadSize(value.length)
                .setPayloadSha256(sha256(value)).setPayloadTruncated(!whole).build();
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
