package org.dqmstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.lumisection.FeatureLayout;
import org.dqmstream.config.MonitorConfig;
import org.junit.jupiter.api.Test;

class LumisectionGeneratorTest {
    private static final FeatureLayout LAYOUT = FeatureLayout.standard();

    @Test
    void sameSeedSameLumisections() {
        var a = new LumisectionGenerator(LAYOUT, GeneratorSettings.defaults(9)).take(50);
        var b = new LumisectionGenerator(LAYOUT, GeneratorSettings.defaults(9)).take(50);
        assertThat(a).extracting(GeneratedLumisection::record).isEqualTo(b.stream().map(GeneratedLumisection::record).toList());
    }

    @Test
    void recordsFollowTheLayoutAndRunNumbering() {
        List<GeneratedLumisection> ls = new LumisectionGenerator(LAYOUT,
                GeneratorSettings.defaults(2).withRunLengths(20, 30)).take(200);
        assertThat(ls).allSatisfy(g -> {
            assertThat(g.record().getLayoutId()).isEqualTo(LAYOUT.id());
            assertThat(g.record().getFeatureCount()).isEqualTo(LAYOUT.size());
            float[] f = PackedFloats.unpack(g.record().getFeatures());
            assertThat(f).hasSize(LAYOUT.size());
            for (float v : f) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        });
        Set<Integer> runs = ls.stream().map(g -> g.record().getRun()).collect(Collectors.toSet());
        assertThat(runs.size()).isBetween(200 / 30, 200 / 20 + 1);
        for (int i = 1; i < ls.size(); i++) {
            var prev = ls.get(i - 1).id();
            var cur = ls.get(i).id();
            assertThat(cur.compareTo(prev)).isPositive();
            if (cur.run() == prev.run()) {
                assertThat(cur.lumisection()).isEqualTo(prev.lumisection() + 1);
            } else {
                assertThat(cur.lumisection()).isEqualTo(1);
            }
        }
    }

    @Test
    void faultsCoverTheRequestedShareWithEveryKindAndKnownSubsystems() {
        List<GeneratedLumisection> ls = new LumisectionGenerator(LAYOUT,
                GeneratorSettings.defaults(4).withFaultFraction(0.3)).take(6000);
        double faulty = ls.stream().filter(g -> !g.isGood()).count() / (double) ls.size();
        assertThat(faulty).isBetween(0.2, 0.4);
        Set<FaultKind> kinds = ls.stream().filter(g -> !g.isGood()).map(g -> g.fault().kind())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(FaultKind.class)));
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(6).containsAll(EnumSet.allOf(FaultKind.class));
        assertThat(ls).flatExtracting(g -> List.copyOf(g.badSubsystems()))
                .allSatisfy(s -> assertThat(MonitorConfig.defaults().subsystemSources()).containsKey(s));
        assertThat(ls.stream().filter(g -> !g.isGood()).mapToDouble(g -> g.fault().intensity()))
                .allSatisfy(i -> assertThat(i).isBetween(0.15, 1.0));
    }

    @Test
    void featuresMoveWithLuminosity() {
        // Pile-up widens distributions: across many runs, eta width grows with luminosity, so a fixed
        // per-feature range is not a detector by itself.
        List<GeneratedLumisection> ls = new LumisectionGenerator(LAYOUT,
                GeneratorSettings.defaults(6).withFaultFraction(0)).take(3000);
        int etaStd = LAYOUT.names().indexOf("minibias_PF_eta_q3_std");
        double[] lumi = ls.stream().mapToDouble(g -> g.record().getStreams().get(0).getInstantaneousLuminosity()).toArray();
        double[] width = ls.stream().mapToDouble(g -> PackedFloats.unpack(g.record().getFeatures())[etaStd]).toArray();
        assertThat(new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(lumi, width))
                .isGreaterThan(0.5);
    }

    @Test
    void aDeadCalorimeterRegionChangesCaloPhiButNotMuonChambers() {
        GeneratorSettings s = GeneratorSettings.defaults(8).withFaultFraction(0.5).withMinIntensity(0.9);
        List<GeneratedLumisection> ls = new LumisectionGenerator(LAYOUT, s).take(3000);
        int caloPhiStd = LAYOUT.names().indexOf("minibias_calo_phi_q2_std");
        int muonPhiStd = LAYOUT.names().indexOf("minibias_muons_phi_q2_std");
        double goodCalo = mean(ls, caloPhiStd, true), deadCalo = mean(ls, caloPhiStd, false);
        assertThat(deadCalo).as("a missing phi sector narrows the phi distribution").isLessThan(goodCalo * 0.97);
        assertThat(mean(ls, muonPhiStd, false)).isCloseTo(mean(ls, muonPhiStd, true),
                org.assertj.core.data.Percentage.withPercentage(1));
    }

    private static double mean(List<GeneratedLumisection> ls, int feature, boolean good) {
        return ls.stream().filter(g -> good ? g.isGood() : g.fault() != null && g.fault().kind() == FaultKind.DEAD_CALO_REGION)
                .mapToDouble(g -> PackedFloats.unpack(g.record().getFeatures())[feature]).average().orElseThrow();
    }
}
