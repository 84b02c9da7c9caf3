package org.dqmstream.image;

import static org.dqmstream.ingest.RejectionReason.*;

import java.nio.ByteBuffer;
import org.apache.avro.message.MessageDecoder;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.PixelEncoding;

/**
 * Turns input bytes into an event image that is safe to score, or says exactly why not. The declared
 * shape is checked against the limits before the pixel count is trusted.
 */
public final class EventImageDecoder {
    private final MessageDecoder<EventImage> decoder = AvroRecords.decoder(EventImage.getClassSchema());
    private final ImageLimits limits;
    private final int maxRecordBytes;

    public EventImageDecoder(ImageLimits limits, int maxRecordBytes) {
        this.limits = limits;
        this.maxRecordBytes = maxRecordBytes;
    }

    public ValidEventImage decode(byte[] bytes) throws RecordRejectedException {
        EventImage image = AvroRecords.decode(decoder, bytes, maxRecordBytes);
        String where = "run " + image.getRun() + " lumisection " + image.getLumisection() + " event " + image.getEvent();
        if (image.getRun() <= 0 || image.getLumisection() <= 0 || image.getEvent() < 0) {
            throw new RecordRejectedException(OUT_OF_RANGE, where + ": run and lumisection must be positive, "
                    + "event non-negative");
        }
        int views = image.getViews(), height = image.getHeight(), width = image.getWidth();
        if (views < 1 || height < 1 || width < 1 || views > limits.maxViews() || height > limits.maxHeight()
                || width > limits.maxWidth()) {
            throw new RecordRejectedException(SHAPE_OUT_OF_RANGE, where + ": declared shape " + views + "x" + height
                    + "x" + width + " outside 1x1x1.." + limits.maxViews() + "x" + limits.maxHeight() + "x"
                    + limits.maxWidth());
        }
        long pixels = (long) views * height * width;
        int bytesPerPixel = image.getEncoding() == PixelEncoding.UINT8 ? 1 : Float.BYTES;
        ByteBuffer data = image.getPixels();
        if (data.remaining() != pixels * bytesPerPixel) {
            throw new RecordRejectedException(LENGTH_MISMATCH, where + ": " + data.remaining() + " pixel bytes for a "
                    + views + "x" + height + "x" + width + " " + image.getEncoding() + " image ("
                    + pixels * bytesPerPixel + " expected)");
        }
        return new ValidEventImage(image, pixels(image.getEncoding(), data, where));
    }

    private static float[] pixels(PixelEncoding encoding, ByteBuffer data, String where)
            throws RecordRejectedException {
        if (encoding == PixelEncoding.UINT8) {
            float[] out = new float[data.remaining()];
            ByteBuffer d = data.duplicate();
            for (int i = 0; i < out.length; i++) {
                out[i] = d.get() & 0xff;
            }
            return out;
        }
        float[] out = PackedFloats.unpack(data);
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw new RecordRejectedException(NON_FINITE, where + ": pixel #" + i + " is " + out[i]);
            }
            if (out[i] < 0) {
                throw new RecordRejectedException(OUT_OF_RANGE, where + ": pixel #" + i + " is negative (" + out[i] + ")");
            }
        }
        return out;
    }
}
