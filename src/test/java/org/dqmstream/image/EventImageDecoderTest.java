package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.PixelEncoding;
import org.junit.jupiter.api.Test;

class EventImageDecoderTest {
    private final EventImageDecoder decoder = new EventImageDecoder(new ImageLimits(2, 100, 80), 1 << 20);

    /** A two-view 100x80 NOvA-like image, uint8. */
    static EventImage nova() {
        byte[] pixels = new byte[2 * 100 * 80];
        pixels[0] = 7;
        pixels[pixels.length - 1] = (byte) 200;
        return new EventImage(146_240, 3, 99L, Instant.EPOCH, "nova", 2, 100, 80, PixelEncoding.UINT8,
                ByteBuffer.wrap(pixels), Map.of("interaction", "1", "nuenergy", "2.4"));
    }

    private byte[] encoded(Consumer<EventImage> change) {
        EventImage image = nova();
        change.accept(image);
        return AvroRecords.encode(image);
    }

    private void assertRejected(byte[] bytes, RejectionReason reason, String detail) {
        assertThatThrownBy(() -> decoder.decode(bytes)).isInstanceOfSatisfying(RecordRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(detail);
        });
    }

    @Test
    void decodesUint8AndFloat32Pixels() throws RecordRejectedException {
        ValidEventImage image = decoder.decode(encoded(i -> { }));
        assertThat(image.pixels()).hasSize(16_000);
        assertThat(image.pixels()[0]).isEqualTo(7f);
        assertThat(image.pixels()[15_999]).as("uint8 is unsigned").isEqualTo(200f);
        assertThat(image.record().getMetadata()).containsEntry("nuenergy", "2.4");

        ValidEventImage floats = decoder.decode(encoded(i -> {
            i.setViews(1);
            i.setHeight(10);
            i.setWidth(10);
            i.setEncoding(PixelEncoding.FLOAT32);
            float[] p = new float[100];
            p[42] = 3.5f;
            i.setPixels(PackedFloats.pack(p));
        }));
        assertThat(floats.pixels()[42]).isEqualTo(3.5f);
    }

    @Test
    void rejectsShapesOutsideTheLimitsBeforeReadingPixels() {
        assertRejected(encoded(i -> i.setHeight(100_000)), RejectionReason.SHAPE_OUT_OF_RANGE, "1x1x1..2x100x80");
        assertRejected(encoded(i -> i.setViews(0)), RejectionReason.SHAPE_OUT_OF_RANGE, "declared shape 0x100x80");
        assertRejected(encoded(i -> i.setWidth(-3)), RejectionReason.SHAPE_OUT_OF_RANGE, "2x100x-3");
    }

    @Test
    void rejectsPixelBytesThatDoNotMatchTheShape() {
        assertRejected(encoded(i -> i.setPixels(ByteBuffer.wrap(new byte[100]))), RejectionReason.LENGTH_MISMATCH,
                "100 pixel bytes for a 2x100x80 UINT8 image (16000 expected)");
        assertRejected(encoded(i -> i.setEncoding(PixelEncoding.FLOAT32)), RejectionReason.LENGTH_MISMATCH,
                "(64000 expected)");
        assertRejected(encoded(i -> i.setPixels(ByteBuffer.allocate(0))), RejectionReason.LENGTH_MISMATCH,
                "0 pixel bytes");
    }

    @Test
    void rejectsNegativeOrNonFinitePixels() {
        for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -1f}) {
            RejectionReason expected = Float.isFinite(bad) ? RejectionReason.OUT_OF_RANGE : RejectionReason.NON_FINITE;
            assertRejected(encoded(i -> {
                i.setViews(1);
                i.setHeight(2);
                i.setWidth(2);
                i.setEncoding(PixelEncoding.FLOAT32);
                i.setPixels(PackedFloats.pack(new float[] {0, 1, bad, 2}));
            }), expected, "pixel #2");
        }
    }

    @Test
    void rejectsBadIdentifiersAndGarbage() {
        assertRejected(encoded(i -> i.setRun(0)), RejectionReason.OUT_OF_RANGE, "run 0");
        assertRejected(encoded(i -> i.setEvent(-1L)), RejectionReason.OUT_OF_RANGE, "event -1");
        assertRejected(new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}, RejectionReason.UNDECODABLE, "");
        assertRejected(new byte[2 << 20], RejectionReason.OVERSIZED, "exceeds the limit");
    }
}
