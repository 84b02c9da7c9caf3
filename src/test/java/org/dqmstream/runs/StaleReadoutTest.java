package org.dqmstream.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.dqmstream.TestModels;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.ingest.AvroRecords;
import org.dqmstream.ingest.LumisectionDecoder;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.ingest.RecordRejectedException;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.lumisection.ChannelGroup;
import org.dqmstream.model.ModelBundle;
import org.dqmstream.records.LumisectionFeatures;
import org.junit.jupiter.api.Test;

class StaleReadoutTest {
    private static final ModelBundle BUNDLE = TestModels.bundle();
    private static final LumisectionDecoder DECODER = LumisectionDecoder.of(BUNDLE.layout(),
            MonitorConfig.defaults().input().limits());
    private final StaleReadout stale = new StaleReadout(BUNDLE, new StaleReadout.Settings(3, 3));

    /** One run's clean lumisections, in order. */
    private static List<LumisectionFeatures> run(int length, long seed) {
        List<LumisectionFeatures> out = new ArrayList<>();
        LumisectionGenerator generator = new LumisectionGenerator(BUNDLE.layout(),
                GeneratorSettings.defaults(seed).withFaultFraction(0));
        LumisectionFeatures first = generator.next().record();
        out.add(first);
        while (out.size() < length) {
            LumisectionFeatures next = generator.next().record();
            if (next.getRun() != first.getRun()) {
                break;
            }
            out.add(next);
        }
        assertThat(out).as("the generator's first run is long enough").hasSize(length);
        return out;
    }

    private static ValidLumisection valid(LumisectionFeatures r) {
        try {
            return DECODER.decode(AvroRecords.encode(r));
        } catch (RecordRejectedException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code r} with some features of {@code group} (positions in the group) copied from {@code from}. */
    private static LumisectionFeatures withFeaturesOf(LumisectionFeatures r, LumisectionFeatures from,
                                                      ChannelGroup group, int count) {
        float[] mine = PackedFloats.unpack(r.getFeatures());
        float[] theirs = PackedFloats.unpack(from.getFeatures());
        for (int k = 0; k < count; k++) {
            int j = group.featureIndices()[k * (group.size() / count)];
            mine[j] = theirs[j];
        }
        LumisectionFeatures copy = LumisectionFeatures.newBuilder(r).build();
        copy.setFeatures(PackedFloats.pack(mine));
        return copy;
    }

    @Test
    void cleanRunsHaveNoStaleGroups() {
        Map<Integer, RunHistory> histories = new HashMap<>();
        List<LumisectionFeatures> clean = new LumisectionGenerator(BUNDLE.layout(), GeneratorSettings.defaults(29)
                .withFaultFraction(0)).take(600).stream().map(g -> g.record()).toList();
        for (LumisectionFeatures r : clean) {
            RunHistory history = histories.computeIfAbsent(r.getRun(), k -> RunHistory.empty());
            assertThat(stale.observe(history, valid(r), 0)).as("run %d LS %d", r.getRun(), r.getLumisection())
                    .isEmpty();
        }
        assertThat(histories).as("many runs").hasSizeGreaterThan(10);
    }

    @Test
    void aGroupRepeatingThePreviousLumisectionIsStaleAndSaysWhich() {
        List<LumisectionFeatures> run = run(12, 3);
        ChannelGroup calo = BUNDLE.layout().group("minibias_calo");
        RunHistory history = RunHistory.empty();
        for (int i = 0; i < 6; i++) {
            assertThat(stale.observe(history, valid(run.get(i)), 0)).isEmpty();
        }
        LumisectionFeatures frozen = withFeaturesOf(run.get(6), run.get(5), calo, 10);
        List<StaleReadout.StaleGroup> found = stale.observe(history, valid(frozen), 0);
        assertThat(found).singleElement().satisfies(g -> {
            assertThat(g.group()).isEqualTo("minibias_calo");
            assertThat(g.repeated()).isEqualTo(10);
            assertThat(g.since()).isEqualTo(run.get(5).getLumisection());
            assertThat(g.longestRepeat()).isEqualTo(1);
        });
    }

    @Test
    void twoRepeatedFeaturesAreNotEnoughButOneThatStaysUnchangedIs() {
        List<LumisectionFeatures> run = run(12, 4);
        ChannelGroup muons = BUNDLE.layout().group("muons_muons");
        RunHistory history = RunHistory.empty();
        stale.observe(history, valid(run.get(0)), 0);
        LumisectionFeatures previous = run.get(0);
        List<Integer> staleAt = new ArrayList<>();
        for (int i = 1; i < 8; i++) {
            // One feature stuck at LS 1's value from LS 2 on: 1, 2, 3 repeats in a row.
            LumisectionFeatures r = withFeaturesOf(run.get(i), previous, muons, 1);
            if (!stale.observe(history, valid(r), 0).isEmpty()) {
                staleAt.add(i);
            }
            previous = r;
        }
        assertThat(staleAt).as("stale once the feature has repeated 3 times").containsExactly(3, 4, 5, 6, 7);
    }

    @Test
    void theFirstLumisectionOfARunIsNeverStaleAndRunsKeepTheirOwnHistory() {
        List<LumisectionFeatures> a = run(3, 3);
        RunHistory history = RunHistory.empty();
        assertThat(stale.observe(history, valid(a.get(0)), 0)).isEmpty();
        RunHistory restored = RunHistory.fromBytes(history.toBytes());
        assertThat(restored).isEqualTo(history);
        assertThat(stale.observe(restored, valid(a.get(0)), 0)).as("the same lumisection again: all repeats")
                .hasSize(BUNDLE.groups().size());
    }
}
