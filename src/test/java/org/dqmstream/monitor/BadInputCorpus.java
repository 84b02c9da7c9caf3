package org.dqmstream.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.ingest.RejectionReason;
import org.dqmstream.records.DeadLetter;
import org.dqmstream.records.EventImage;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.PixelEncoding;
import org.dqmstream.records.StreamConditions;

/**
 * Kinds of bad input, across both record types, each with the reason it must be dead-lettered with:
 * broken bytes, wrong schemas, wrong shapes and counts, impossible numbers, and lengths meant to
 * exhaust memory. Built from one good record of each type.
 */
final class BadInputCorpus {
    enum Input { LUMISECTION, IMAGE }

    record Case(String name, Input input, byte[] value, RejectionReason reason) {
    }

    private final LumisectionFeatures lumisection;
    private final EventImage image;
    private final int maxRecordBytes;
    private final List<Case> cases = new ArrayList<>();

    /** @param image a valid NOvA event (2x100x80 uint8) of a configured source */
    BadInputCorpus(LumisectionFeatures lumisection, EventImage image, int maxRecordBytes) {
        this.lumisection = lumisection;
        this.image = image;
        this.maxRecordBytes = maxRecordBytes;
        lumisections();
        images();
    }

    List<Case> cases() {
        return cases;
    }

    private void add(String name, Input input, byte[] value, RejectionReason reason) {
        cases.add(new Case(name, input, value, reason));
    }

    private byte[] lumisectionWith(Consumer<LumisectionFeatures> change) {
        LumisectionFeatures copy = LumisectionFeatures.newBuilder(lumisection).build();
        copy.setFeatures(ByteBuffer.wrap(bytes(lumisection.getFeatures())));
        copy.setStreams(new ArrayList<>(lumisection.getStreams().stream().map(s -> StreamConditions.newBuilder(s).build())
                .toList()));
        change.accept(copy);
        return AvroRecords.encode(copy);
    }

    private byte[] withFeature(int index, float value) {
        return lumisectionWith(r -> {
            float[] f = PackedFloats.unpack(r.getFeatures());
            f[index] = value;
            r.setFeatures(PackedFloats.pack(f));
        });
    }

    private byte[] withStream(Consumer<StreamConditions> change) {
        return lumisectionWith(r -> change.accept(r.getStreams().get(0)));
    }

    private byte[] imageWith(Consumer<EventImage> change) {
        EventImage copy = EventImage.newBuilder(image).build();
        copy.setPixels(ByteBuffer.wrap(bytes(image.getPixels())));
        change.accept(copy);
        return AvroRecords.encode(copy);
    }

    private byte[] float32Image(float bad) {
        float[] pixels = new float[2 * 100 * 80];
        pixels[777] = bad;
        ByteBuffer b = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(pixels);
        return imageWith(i -> {
            i.setEncoding(PixelEncoding.FLOAT32);
            i.setPixels(b);
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    /** The good record's single-object header (marker and fingerprint) followed by hand-written fields. */
    private static byte[] raw(byte[] good, Encoding fields) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(good, 0, 10);
            BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
            fields.write(e);
            e.flush();
            return out.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A lumisection whose fields are fine up to the features' byte-length prefix, which is {@code length}. */
    private byte[] featureBytesOfLength(byte[] good, long length) {
        return raw(good, e -> {
            e.writeInt(146_240);
            e.writeInt(1);
            e.writeLong(0);
            e.writeLong(0);
            e.writeString(lumisection.getLayoutId());
            e.writeInt(lumisection.getFeatureCount());
            e.writeLong(length);
        });
    }

    /** A NOvA event's fields up to and including the pixel encoding's symbol index. */
    private static void novaImageHeader(BinaryEncoder e, int encodingIndex) throws IOException {
        e.writeInt(146_300);
        e.writeInt(1);
        e.writeLong(1);
        e.writeLong(0);
        e.writeString("nova");
        e.writeInt(2);
        e.writeInt(100);
        e.writeInt(80);
        e.writeEnum(encodingIndex);
    }

    private interface Encoding {
        void write(BinaryEncoder e) throws IOException;
    }

    private void lumisections() {
        Input l = Input.LUMISECTION;
        byte[] good = AvroRecords.encode(lumisection);
        add("empty value", l, new byte[0], RejectionReason.UNDECODABLE);
        add("null value (tombstone)", l, null, RejectionReason.UNDECODABLE);
        add("one byte", l, new byte[] {(byte) 0xC3}, RejectionReason.UNDECODABLE);
        add("marker only", l, Arrays.copyOf(good, 2), RejectionReason.UNDECODABLE);
        add("marker and half a fingerprint", l, Arrays.copyOf(good, 6), RejectionReason.UNDECODABLE);
        byte[] wrongMarker = good.clone();
        wrongMarker[0] = 0x4F;
        add("wrong single-object marker", l, wrongMarker, RejectionReason.UNDECODABLE);
        byte[] unknownSchema = good.clone();
        unknownSchema[5] ^= 0x5a;
        add("unknown writer schema fingerprint", l, unknownSchema, RejectionReason.UNDECODABLE);
        add("JSON instead of Avro", l, "{\"run\": 146240, \"lumisection\": 1}".getBytes(StandardCharsets.UTF_8),
                RejectionReason.UNDECODABLE);
        add("truncated to header", l, Arrays.copyOf(good, 10), RejectionReason.UNDECODABLE);
        add("truncated at half", l, Arrays.copyOf(good, good.length / 2), RejectionReason.UNDECODABLE);
        add("last byte missing", l, Arrays.copyOf(good, good.length - 1), RejectionReason.UNDECODABLE);
        byte[] random = new byte[4000];
        new Random(13).nextBytes(random);
        add("random bytes", l, random, RejectionReason.UNDECODABLE);
        add("a dead letter on the lumisection topic", l, AvroRecords.encode(DeadLetter.newBuilder().setSourceTopic("t")
                .setPartition(0).setOffset(0L).setReason("X").setDetail("d").setTimestamp(Instant.EPOCH).build()), RejectionReason.UNDECODABLE);
        add("an event image on the lumisection topic", l, AvroRecords.encode(image), RejectionReason.UNDECODABLE);
        add("larger than input.max-record-bytes", l, Arrays.copyOf(good, maxRecordBytes + 1), RejectionReason.OVERSIZED);
        add("streams array claiming a trillion entries", l, raw(good, e -> {
            e.writeInt(146_240);
            e.writeInt(1);
            e.writeLong(0);
            e.writeLong(1L << 40);
        }), RejectionReason.UNDECODABLE);
        add("feature bytes claiming 2 GB", l, featureBytesOfLength(good, Integer.MAX_VALUE - 8),
                RejectionReason.UNDECODABLE);
        add("negative feature byte length", l, featureBytesOfLength(good, -5), RejectionReason.UNDECODABLE);
        add("another feature layout", l, lumisectionWith(r -> r.setLayoutId("cms-ls-000000000000")),
                RejectionReason.LAYOUT_MISMATCH);
        add("empty layout id", l, lumisectionWith(r -> r.setLayoutId("")), RejectionReason.LAYOUT_MISMATCH);
        add("feature count 0", l, lumisectionWith(r -> r.setFeatureCount(0)), RejectionReason.LENGTH_MISMATCH);
        add("feature count negative", l, lumisectionWith(r -> r.setFeatureCount(-1)), RejectionReason.LENGTH_MISMATCH);
        add("feature count off by one", l, lumisectionWith(r -> r.setFeatureCount(r.getFeatureCount() + 1)),
                RejectionReason.LENGTH_MISMATCH);
        add("ten packed features", l, lumisectionWith(r -> r.setFeatures(PackedFloats.pack(new float[10]))),
                RejectionReason.LENGTH_MISMATCH);
        add("one packed feature too many", l, lumisectionWith(r -> r.setFeatures(PackedFloats.pack(
                new float[r.getFeatureCount() + 1]))), RejectionReason.LENGTH_MISMATCH);
        add("packed bytes not a whole number of floats", l, lumisectionWith(r -> r.setFeatures(ByteBuffer.wrap(
                new byte[r.getFeatureCount() * 4 - 1]))), RejectionReason.LENGTH_MISMATCH);
        add("no features at all", l, lumisectionWith(r -> r.setFeatures(ByteBuffer.allocate(0))),
                RejectionReason.LENGTH_MISMATCH);
        add("NaN feature", l, withFeature(5, Float.NaN), RejectionReason.NON_FINITE);
        add("+Inf feature", l, withFeature(100, Float.POSITIVE_INFINITY), RejectionReason.NON_FINITE);
        add("-Inf feature", l, withFeature(3000, Float.NEGATIVE_INFINITY), RejectionReason.NON_FINITE);
        add("absurd feature 1e30", l, withFeature(7, 1e30f), RejectionReason.OUT_OF_RANGE);
        add("absurd feature -3e38", l, withFeature(8, -3e38f), RejectionReason.OUT_OF_RANGE);
        add("negative run", l, lumisectionWith(r -> r.setRun(-146_240)), RejectionReason.OUT_OF_RANGE);
        add("run 0", l, lumisectionWith(r -> r.setRun(0)), RejectionReason.OUT_OF_RANGE);
        add("negative lumisection", l, lumisectionWith(r -> r.setLumisection(-1)), RejectionReason.OUT_OF_RANGE);
        add("lumisection 0", l, lumisectionWith(r -> r.setLumisection(0)), RejectionReason.OUT_OF_RANGE);
        add("NaN stream luminosity", l, withStream(s -> s.setInstantaneousLuminosity(Float.NaN)),
                RejectionReason.NON_FINITE);
        add("infinite stream luminosity", l, withStream(s -> s.setInstantaneousLuminosity(Float.POSITIVE_INFINITY)),
                RejectionReason.NON_FINITE);
        add("negative stream luminosity", l, withStream(s -> s.setInstantaneousLuminosity(-2f)),
                RejectionReason.OUT_OF_RANGE);
        add("negative stream event count", l, withStream(s -> s.setEvents(-10L)), RejectionReason.OUT_OF_RANGE);
        add("trailing bytes after the record", l, concat(good, new byte[] {1, 2, 3}), RejectionReason.UNDECODABLE);
        add("two records in one value", l, concat(good, good), RejectionReason.UNDECODABLE);
        add("lumisection number as a 5-byte varint beyond int", l, raw(good, e -> {
            e.writeInt(146_240);
            e.writeFixed(new byte[] {(byte) 0x8E, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x20}); // 2^32+7, zigzag
            e.writeLong(0);
            e.writeLong(0);
            e.writeString(lumisection.getLayoutId());
            e.writeInt(lumisection.getFeatureCount());
            e.writeBytes(lumisection.getFeatures().duplicate());
        }), RejectionReason.UNDECODABLE);
        add("timestamp Long.MIN", l, lumisectionWith(r -> r.setTimestamp(Instant.ofEpochMilli(Long.MIN_VALUE))),
                RejectionReason.OUT_OF_RANGE);
        add("timestamp 0 (1970)", l, lumisectionWith(r -> r.setTimestamp(Instant.EPOCH)), RejectionReason.OUT_OF_RANGE);
        add("timestamp Long.MAX", l, lumisectionWith(r -> r.setTimestamp(Instant.ofEpochMilli(Long.MAX_VALUE))),
                RejectionReason.OUT_OF_RANGE);
        add("timestamp in the year 3000", l, lumisectionWith(r -> r.setTimestamp(Instant.parse("3000-01-01T00:00:00Z"))),
                RejectionReason.OUT_OF_RANGE);
        add("events Long.MAX", l, withStream(s -> s.setEvents(Long.MAX_VALUE)), RejectionReason.OUT_OF_RANGE);
        add("absurd luminosity 1e20", l, withStream(s -> s.setInstantaneousLuminosity(1e20f)),
                RejectionReason.OUT_OF_RANGE);
        add("events at zero luminosity", l, withStream(s -> s.setInstantaneousLuminosity(0f)),
                RejectionReason.OUT_OF_RANGE);
        add("a stream the layout does not know", l, lumisectionWith(r -> r.getStreams().add(
                new StreamConditions("cosmics", 1f, 10L))), RejectionReason.LAYOUT_MISMATCH);
        add("a thousand unknown streams", l, lumisectionWith(r -> {
            for (int i = 0; i < 1000; i++) {
                r.getStreams().add(new StreamConditions("stream" + i, 1f, 10L));
            }
        }), RejectionReason.LAYOUT_MISMATCH);
        add("no streams", l, lumisectionWith(r -> r.setStreams(new ArrayList<>())), RejectionReason.LAYOUT_MISMATCH);
        add("a stream given twice", l, lumisectionWith(r -> r.getStreams().add(
                StreamConditions.newBuilder(r.getStreams().get(0)).build())), RejectionReason.LAYOUT_MISMATCH);
        add("the same lumisection again", l, good, RejectionReason.DUPLICATE);
    }

    private void images() {
        Input i = Input.IMAGE;
        byte[] good = AvroRecords.encode(image);
        add("empty image value", i, new byte[0], RejectionReason.UNDECODABLE);
        add("trailing bytes after an image", i, concat(good, new byte[] {0}), RejectionReason.UNDECODABLE);
        add("image truncated at half", i, Arrays.copyOf(good, good.length / 2), RejectionReason.UNDECODABLE);
        byte[] unknownSchema = good.clone();
        unknownSchema[9] ^= 0x11;
        add("image with an unknown writer schema", i, unknownSchema, RejectionReason.UNDECODABLE);
        add("a lumisection on the image topic", i, AvroRecords.encode(lumisection), RejectionReason.UNDECODABLE);
        add("image larger than input.max-record-bytes", i, Arrays.copyOf(good, maxRecordBytes + 1),
                RejectionReason.OVERSIZED);
        add("encoding symbol that does not exist", i, raw(good, e -> {
            novaImageHeader(e, 9);
            e.writeBytes(new byte[16_000]);
            e.writeMapStart();
            e.writeMapEnd();
        }), RejectionReason.UNDECODABLE);
        add("pixel bytes claiming 2 GB", i, raw(good, e -> {
            novaImageHeader(e, 0);
            e.writeLong(Integer.MAX_VALUE - 8);
        }), RejectionReason.UNDECODABLE);
        add("zero views", i, imageWith(x -> x.setViews(0)), RejectionReason.SHAPE_OUT_OF_RANGE);
        add("empty image (height 0)", i, imageWith(x -> x.setHeight(0)), RejectionReason.SHAPE_OUT_OF_RANGE);
        add("negative width", i, imageWith(x -> x.setWidth(-80)), RejectionReason.SHAPE_OUT_OF_RANGE);
        add("declared 100000 rows, beyond the maximum", i, imageWith(x -> x.setHeight(100_000)),
                RejectionReason.SHAPE_OUT_OF_RANGE);
        add("three views, beyond the maximum", i, imageWith(x -> x.setViews(3)), RejectionReason.SHAPE_OUT_OF_RANGE);
        add("shape overflowing int (65536 x 65536)", i, imageWith(x -> {
            x.setHeight(65_536);
            x.setWidth(65_536);
        }), RejectionReason.SHAPE_OUT_OF_RANGE);
        add("pixel bytes shorter than the shape", i, imageWith(x -> x.setPixels(ByteBuffer.wrap(new byte[15_999]))),
                RejectionReason.LENGTH_MISMATCH);
        add("pixel bytes longer than the shape", i, imageWith(x -> x.setPixels(ByteBuffer.wrap(new byte[16_001]))),
                RejectionReason.LENGTH_MISMATCH);
        add("no pixel bytes", i, imageWith(x -> x.setPixels(ByteBuffer.allocate(0))), RejectionReason.LENGTH_MISMATCH);
        add("FLOAT32 declared over uint8 bytes", i, imageWith(x -> x.setEncoding(PixelEncoding.FLOAT32)),
                RejectionReason.LENGTH_MISMATCH);
        add("NaN float pixel", i, float32Image(Float.NaN), RejectionReason.NON_FINITE);
        add("infinite float pixel", i, float32Image(Float.POSITIVE_INFINITY), RejectionReason.NON_FINITE);
        add("negative float pixel", i, float32Image(-1f), RejectionReason.OUT_OF_RANGE);
        add("source nobody configured", i, imageWith(x -> x.setSource("cosmic-camera")),
                RejectionReason.UNKNOWN_SOURCE);
        add("NOvA source with a particle image's shape", i, imageWith(x -> {
            x.setViews(1);
            x.setHeight(10);
            x.setWidth(10);
            x.setPixels(ByteBuffer.wrap(new byte[100]));
        }), RejectionReason.SHAPE_OUT_OF_RANGE);
        add("negative image run", i, imageWith(x -> x.setRun(-1)), RejectionReason.OUT_OF_RANGE);
        add("image lumisection 0", i, imageWith(x -> x.setLumisection(0)), RejectionReason.OUT_OF_RANGE);
        // Last: by now the good events between the cases have closed the first lumisection.
        add("an event of a lumisection already judged", i, good, RejectionReason.LATE);
    }

    /** How many cases each reason has. */
    Map<RejectionReason, Long> byReason() {
        return cases.stream().collect(Collectors.groupingBy(Case::reason, TreeMap::new, Collectors.counting()));
    }
}
