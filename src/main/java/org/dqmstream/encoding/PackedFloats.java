package org.dqmstream.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float vectors packed as little-endian float32 bytes, the wire form of features and pixels. */
public final class PackedFloats {
    private PackedFloats() {
    }

    public static ByteBuffer pack(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    public static float[] unpack(ByteBuffer bytes) {
        float[] out = new float[bytes.remaining() / Float.BYTES];
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
