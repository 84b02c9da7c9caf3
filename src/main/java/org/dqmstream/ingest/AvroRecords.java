package org.dqmstream.ingest;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.MessageDecoder;
import org.apache.avro.message.MissingSchemaException;
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

    private AvroRecords() {
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
     * Decodes with a size check before anything is parsed; every failure becomes UNDECODABLE with the
     * decoder's own words.
     */
    public static <T> T decode(MessageDecoder<T> decoder, byte[] bytes, int maxBytes) throws RecordRejectedException {
        if (bytes == null || bytes.length == 0) {
            throw new RecordRejectedException(RejectionReason.UNDECODABLE, "empty record");
        }
        if (bytes.length > maxBytes) {
            throw new RecordRejectedException(RejectionReason.OVERSIZED,
                    "record of " + bytes.length + " bytes exceeds the limit of " + maxBytes);
        }
        try {
            return decoder.decode(bytes);
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
    }
}
