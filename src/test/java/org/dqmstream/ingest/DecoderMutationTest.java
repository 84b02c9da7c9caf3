package org.dqmstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecordBase;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.image.EventImageDecoder;
import org.dqmstream.image.ImageLimits;
import org.dqmstream.image.ImageLumisectionGenerator;
import org.dqmstream.image.ImageSource;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.records.LumisectionFeatures;
import org.dqmstream.records.StreamConditions;
import org.junit.jupiter.api.Test;

/**
 * Both decoders over random mutations of valid records (bit flips, truncations, insertions, deletions,
 * overwritten runs, appended bytes, splices of two records): each mutant is either rejected with a
 * reason and a detail, or accepted only if its bytes are exactly a valid record's encoding. No other
 * exception escapes, and nothing is accepted that differs from what would be scored.
 */
class DecoderMutationTest {
    private static final FeatureLayout LAYOUT = FeatureLayout.standard();
    private static final InputLimits LIMITS = MonitorConfig.defaults().input().limits();
    private static final LumisectionDecoder LUMISECTIONS = LumisectionDecoder.of(LAYOUT, LIMITS);
    private static final byte[] GOOD_LUMISECTION = AvroRecords.encode(new LumisectionGenerator(LAYOUT,
            GeneratorSettings.defaults(3).withFaultFraction(0)).next().record());
    private static final EventImageDecoder IMAGES = new EventImageDecoder(
            ImageLimits.covering(List.of(ImageSource.PARTICLES.shape())), LIMITS.maxRecordBytes());
    private static final byte[] GOOD_IMAGE = AvroRecords.encode(new ImageLumisectionGenerator(
            new ImageLumisectionGenerator.Settings(ImageSource.PARTICLES, 1, 1000, 0, 21)).next(Instant.EPOCH).get(0));

    /** One way to spoil a record: what to do, where, and with which byte. */
    record Mutation(int kind, int position, int length, byte value) {
        byte[] apply(byte[] good) {
            int at = Math.floorMod(position, good.length);
            byte[] out;
            switch (kind) {
                case 0 -> { // flip one bit
                    out = good.clone();
                    out[at] ^= (byte) (1 << (value & 7));
                }
                case 1 -> out = Arrays.copyOf(good, at); // truncate
                case 2 -> { // insert bytes
                    out = new byte[good.length + length];
                    System.arraycopy(good, 0, out, 0, at);
                    Arrays.fill(out, at, at + length, value);
                    System.arraycopy(good, at, out, at + length, good.length - at);
                }
                case 3 -> { // delete bytes
                    int n = Math.min(length, good.length - at);
                    out = new byte[good.length - n];
                    System.arraycopy(good, 0, out, 0, at);
                    System.arraycopy(good, at + n, out, at, good.length - at - n);
                }
                case 4 -> { // overwrite a run
                    out = good.clone();
                    Arrays.fill(out, at, Math.min(out.length, at + length), value);
                }
                case 5 -> { // append bytes
                    out = Arrays.copyOf(good, good.length + length);
                    Arrays.fill(out, good.length, out.length, value);
                }
                default -> { // splice: the start of one record, the end of another copy from elsewhere
                    int from = Math.floorMod(position * 31 + length, good.length);
                    out = new byte[at + good.length - from];
                    System.arraycopy(good, 0, out, 0, at);
                    System.arraycopy(good, from, out, at, good.length - from);
                }
            }
            return out;
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers(),
                Arbitraries.integers().between(1, 40), Arbitraries.bytes()).as(Mutation::new);
    }

    @Property(tries = 2000)
    void aMutatedLumisectionIsRejectedWithAReasonOrIsExactlyAValidRecord(@ForAll("mutations") Mutation mutation) {
        byte[] mutant = mutation.apply(GOOD_LUMISECTION);
        try {
            ValidLumisection valid = LUMISECTIONS.decode(mutant);
            assertExactEncoding(valid.record(), mutant);
            assertThat(valid.features()).hasSize(LAYOUT.size());
            for (float f : valid.features()) {
                assertThat(f).isFinite();
            }
        } catch (RecordRejectedException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 2000)
    void aMutatedImageIsRejectedWithAReasonOrIsExactlyAValidRecord(@ForAll("mutations") Mutation mutation) {
        byte[] mutant = mutation.apply(GOOD_IMAGE);
        try {
            assertExactEncoding(IMAGES.decode(mutant).record(), mutant);
        } catch (RecordRejectedException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static void assertExactEncoding(SpecificRecordBase record, byte[] input) {
        assertThat(AvroRecords.encode(record)).as("an accepted record is exactly its own encoding").isEqualTo(input);
    }

    @Test
    void theValidRecordsThemselvesPass() throws RecordRejectedException {
        assertThat(LUMISECTIONS.decode(GOOD_LUMISECTION).features()).hasSize(LAYOUT.size());
        assertThat(IMAGES.decode(GOOD_IMAGE).record().getSource()).isEqualTo("particles");
    }

    @Test
    void eachStrictnessRejectionSaysWhichItIs() throws IOException {
        byte[] twoRecords = Arrays.copyOf(GOOD_LUMISECTION, 2 * GOOD_LUMISECTION.length);
        System.arraycopy(GOOD_LUMISECTION, 0, twoRecords, GOOD_LUMISECTION.length, GOOD_LUMISECTION.length);
        assertThatThrownBy(() -> LUMISECTIONS.decode(twoRecords)).hasMessageContaining("two records in one value");
        byte[] trailing = Arrays.copyOf(GOOD_LUMISECTION, GOOD_LUMISECTION.length + 5);
        assertThatThrownBy(() -> LUMISECTIONS.decode(trailing)).hasMessageContaining("5 trailing bytes");
        // Lumisection 2^32 + 7 as a 5-byte zigzag varint: Avro would read it as 7.
        ByteArrayOutputStream beyondInt = new ByteArrayOutputStream();
        beyondInt.write(GOOD_LUMISECTION, 0, 10);
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(beyondInt, null);
        LumisectionFeatures r = LumisectionFeatures.getDecoder().decode(GOOD_LUMISECTION);
        e.writeInt(r.getRun());
        e.writeFixed(new byte[] {(byte) 0x8E, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x20});
        e.writeLong(r.getTimestamp().toEpochMilli());
        e.writeArrayStart();
        e.setItemCount(r.getStreams().size());
        for (StreamConditions c : r.getStreams()) {
            e.startItem();
            e.writeString(c.getStream());
            e.writeFloat(c.getInstantaneousLuminosity());
            e.writeLong(c.getEvents());
        }
        e.writeArrayEnd();
        e.writeString(r.getLayoutId());
        e.writeInt(r.getFeatureCount());
        e.writeBytes(r.getFeatures());
        e.flush();
        assertThatThrownBy(() -> LUMISECTIONS.decode(beyondInt.toByteArray()))
                .hasMessageContaining("non-canonical encoding");
    }
}
