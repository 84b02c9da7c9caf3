package org.dqmstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.StreamConditions;
import org.junit.jupiter.api.Test;

class LumisectionDecoderTest {
    private static final FeatureLayout LAYOUT = FeatureLayout.standard();
    private static final int MAX_BYTES = 64 * 1024;
    private final LumisectionDecoder decoder = LumisectionDecoder.of(LAYOUT, MonitorConfig.defaults().with(java.util.Map.of("input.max-record-bytes", Integer.toString(MAX_BYTES))).input().limits());

    static LumisectionFeatures valid() {
        return new LumisectionGenerator(LAYOUT, GeneratorSettings.defaults(5).withFaultFraction(0)).next().record();
    }

    private static byte[] encoded(Consumer<LumisectionFeatures> change) {
        LumisectionFeatures r = valid();
        change.accept(r);
        return AvroRecords.encode(r);
    }

    private void assertRejected(byte[] bytes, RejectionReason reason, String detail) {
        assertThatThrownBy(() -> decoder.decode(bytes)).isInstanceOfSatisfying(RecordRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(detail);
        });
    }

    @Test
    void decodesAValidRecordWithItsFeatures() throws RecordRejectedException {
        LumisectionFeatures original = valid();
        ValidLumisection decoded = decoder.decode(AvroRecords.encode(original));
        assertThat(decoded.record()).isEqualTo(original);
        assertThat(decoded.features()).hasSize(LAYOUT.size())
                .containsExactly(PackedFloats.unpack(original.getFeatures()));
        assertThat(decoded.luminosityByStream()).containsOnlyKeys("minibias", "muons", "photons");
    }

    @Test
    void rejectsBytesThatAreNotARecord() {
        assertRejected(new byte[0], RejectionReason.UNDECODABLE, "empty");
        assertRejected(null, RejectionReason.UNDECODABLE, "empty");
        assertRejected("{\"run\": 1}".getBytes(), RejectionReason.UNDECODABLE, "not Avro single-object encoded");
        byte[] good = encoded(r -> { });
        assertRejected(Arrays.copyOf(good, good.length / 2), RejectionReason.UNDECODABLE, "truncated");
        assertRejected(Arrays.copyOf(good, 12), RejectionReason.UNDECODABLE, "truncated");
        assertRejected(new byte[MAX_BYTES + 1], RejectionReason.OVERSIZED, "exceeds the limit");
    }

    @Test
    void rejectsAnUnknownWriterSchema() {
        byte[] bytes = encoded(r -> { });
        bytes[5] ^= 0x5a; // a fingerprint no known schema has
        assertRejected(bytes, RejectionReason.UNDECODABLE, "unknown writer schema");
    }

    @Test
    void rejectsAHugeLengthPrefixWithoutAllocatingIt() throws IOException {
        byte[] header = Arrays.copyOf(encoded(r -> { }), 10);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(header);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(body, null);
        enc.writeInt(146_240);
        enc.writeInt(1);
        enc.writeLong(1_283_299_200_000L);
        enc.writeLong(1L << 40); // "streams" array claims a trillion entries
        enc.flush();
        assertRejected(body.toByteArray(), RejectionReason.UNDECODABLE, "malformed or truncated");
    }

    @Test
    void rejectsAnotherLayoutOrWrongLengths() {
        assertRejected(encoded(r -> r.setLayoutId("cms-ls-000000000000")), RejectionReason.LAYOUT_MISMATCH,
                "layout 'cms-ls-000000000000'");
        assertRejected(encoded(r -> r.setFeatureCount(100)), RejectionReason.LENGTH_MISMATCH, "declares 100 features");
        assertRejected(encoded(r -> r.setFeatures(PackedFloats.pack(new float[10]))), RejectionReason.LENGTH_MISMATCH,
                "in 40 bytes");
    }

    @Test
    void rejectsNonFiniteValues() {
        for (float bad : List.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            assertRejected(encoded(r -> {
                float[] f = PackedFloats.unpack(r.getFeatures());
                f[123] = bad;
                r.setFeatures(PackedFloats.pack(f));
            }), RejectionReason.NON_FINITE, "feature #123");
        }
        assertRejected(encoded(r -> r.getStreams().get(1).setInstantaneousLuminosity(Float.NaN)),
                RejectionReason.NON_FINITE, "stream muons luminosity");
    }

    @Test
    void rejectsUnphysicalNumbers() {
        assertRejected(encoded(r -> r.setRun(-5)), RejectionReason.OUT_OF_RANGE, "run -5");
        assertRejected(encoded(r -> r.setLumisection(0)), RejectionReason.OUT_OF_RANGE, "lumisection 0");
        assertRejected(encoded(r -> r.getStreams().set(0, new StreamConditions("minibias", -1f, 10L))),
                RejectionReason.OUT_OF_RANGE, "negative luminosity");
        assertRejected(encoded(r -> r.getStreams().set(0, new StreamConditions("minibias", 1f, -10L))),
                RejectionReason.OUT_OF_RANGE, "negative luminosity or event count");
        assertRejected(encoded(r -> {
            float[] f = PackedFloats.unpack(r.getFeatures());
            f[7] = 3e12f;
            r.setFeatures(PackedFloats.pack(f));
        }), RejectionReason.OUT_OF_RANGE, "feature #7");
    }
}
