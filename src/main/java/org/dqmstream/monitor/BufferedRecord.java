package org.dqmstream.monitor;

import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * An input record waiting for its batch, as kept in the changelogged buffer store: enough to score it
 * after a restart, or to dead-letter it with its origin.
 */
record BufferedRecord(byte[] key, byte[] value, long timestamp, int partition, long offset) {

    /** An input record as it came from its topic; a null value (tombstone) becomes empty. */
    static BufferedRecord of(Record<byte[], byte[]> record, RecordMetadata origin) {
        return new BufferedRecord(record.key(), record.value() == null ? new byte[0] : record.value(),
                record.timestamp(), origin.partition(), origin.offset());
    }

    byte[] toBytes() {
        int keyLength = key == null ? -1 : key.length;
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 8 + 4 + Math.max(0, keyLength) + value.length);
        b.putLong(timestamp).putInt(partition).putLong(offset).putInt(keyLength);
        if (key != null) {
            b.put(key);
        }
        b.put(value);
        return b.array();
    }

    static BufferedRecord fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long timestamp = b.getLong();
        int partition = b.getInt();
        long offset = b.getLong();
        int keyLength = b.getInt();
        byte[] key = null;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            b.get(key);
        }
        byte[] value = new byte[b.remaining()];
        b.get(value);
        return new BufferedRecord(key, value, timestamp, partition, offset);
    }
}
