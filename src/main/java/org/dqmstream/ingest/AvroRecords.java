package org.dqmstream.ingest;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.DatumReader;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro single-object encoding (a C3 01 header and the writer schema's fingerprint before the body),
 * so a consumer can decode records of older writer schemas it knows without a schema registry.
 */
public final class AvroRecords {
    private static final String RECORDS_PACKAGE = "org.dqmstream.records";

    static {
        // Avro refuses to instantiate generated classes outside packages it trusts.
        ClassSecurityValidator.ClassSecurityPredicate ours =
                type -> type.getPackageName().equals(RECORDS_PACKAGE);
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
    }

    /** Each generated class's own encoder method, found once: a lookup per record cost about a microsecond. */
    private static final ClassValue<Method> TO_BYTE_BUFFER = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("toByteBuffer");
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type + " is not a generated Avro record", e);
            }
        }
    };

    /**
     * Generated records, but with maps read in their encoded order (Avro reads them into HashMaps): then
     * re-encoding a decoded record gives back its very bytes, which is how {@link #decode} checks them.
     */
    private static final SpecificData IN_ENCODED_ORDER = new SpecificData() {
        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public DatumReader createDatumReader(Schema writer, Schema reader) {
            return new SpecificDatumReader(writer, reader, this) {
                @Override
                protected Object newMap(Object old, int size) {
                    return new LinkedHashMap<>(size);
                }
            };
        }
    };

    static {
        IN_ENCODED_ORDER.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    }

    private AvroRecords() {
    }

    /** A decoder of single-object encoded records of {@code schema}'s generated class, for {@link #decode}. */
    public static <T extends SpecificRecordBase> MessageDecoder<T> decoder(Schema schema) {
        return new BinaryMessageDecoder<>(IN_ENCODED_ORDER, schema);
    }

    public static byte[] encode(SpecificRecordBase record) {
        try {
            ByteBuffer buffer = (ByteBuffer) TO_BYTE_BUFFER.get(record.getClass()).invoke(record);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(record.getClass() + " is not a generated Avro record", e);
        }
    }

    /**
     * Decodes with a size check before anything is parsed, then checks that the bytes are exactly the
     * record's own encoding: Avro's decoder stops at the end of the record and wraps numbers beyond
     * their type, so trailing bytes, a second record after the first, or a varint beyond the int range
     * would otherwise pass as a valid record. Records must therefore be written as Avro's own encoders
     * write them (each array and map in one block); {@code decoder} must come from {@link #decoder}.
     * Every failure becomes UNDECODABLE with what was wrong.
     */
    public static <T extends SpecificRecordBase> T decode(MessageDecoder<T> decoder, byte[] bytes, int maxBytes)
            throws RecordRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new RecordRejectedException(RejectionReason.UNDECODABLE, "empty record");
        }
        if (bytes.length > maxBytes) {
            throw new RecordRejectedException(RejectionReason.OVERSIZED,
                    "record of " + bytes.length + " bytes exceeds the limit of " + maxBytes);
        }
        T record;
        try {
            record = decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new RecordRejectedException(RejectionReason.UNDECODABLE, "unknown writer schema: " + e.getMessage());
        } catch (BadHeaderException e) {
            throw new RecordRejectedException(RejectionReason.UNDECODABLE,
                    "not Avro single-object encoded: " + e.getMessage());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // Whatever the decoder trips over (length limits, bad unions, short buffers) is the record's fault.
            throw new RecordRejectedException(RejectionReason.UNDECODABLE,
                    "malformed or truncated record: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        requireExactEncoding(bytes, encode(record));
        return record;
    }

    /** The canonical encoding of what was decoded must be the input, byte for byte. */
    private static void requireExactEncoding(byte[] input, byte[] canonical) throws RecordRejectedException {
        int mismatch = Arrays.mismatch(input, canonical);
        if (mismatch < 0) {
            return;
        }
        if (mismatch == canonical.length) {
            int extra = input.length - canonical.length;
            boolean secondRecord = extra >= 2 && input[mismatch] == canonical[0] && input[mismatch + 1] == canonical[1];
            throw new RecordRejectedException(RejectionReason.UNDECODABLE, secondRecord
                    ? "two records in one value: another single-object record of " + extra + " bytes follows the "
                            + "first (" + canonical.length + " bytes)"
                    : extra + " trailing bytes after the end of the record (" + canonical.length + " bytes)");
        }
        throw new RecordRejectedException(RejectionReason.UNDECODABLE, "non-canonical encoding at byte " + mismatch
                + ": a number beyond its type's range or written in more bytes than needed");
    }
}
