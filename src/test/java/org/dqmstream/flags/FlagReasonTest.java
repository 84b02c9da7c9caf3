package org.dqmstream.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.dqmstream.model.Thresholds;
import org.dqmstream.records.FeatureContribution;
import org.dqmstream.records.FlagLevel;
import org.junit.jupiter.api.Test;

class FlagReasonTest {

    @Test
    void writesTwoDecimalsAsTheFormatterDoes() {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            double value = random.nextGaussian() * Math.pow(10, random.nextInt(9) - 3);
            String formatted = String.format(Locale.ROOT, "%.2f", value);
            String written = twoDecimals(value);
            // The formatter rounds the shortest decimal form, this the binary value: a tie may round apart.
            assertThat(Double.parseDouble(written)).as("%s", value)
                    .isCloseTo(Double.parseDouble(formatted), within(0.0101));
            if (Math.abs(value * 100 - Math.rint(value * 100)) < 0.49) {
                assertThat(written).as("%s", value).isEqualTo(formatted);
            }
        }
        assertThat(twoDecimals(-0.004)).isEqualTo(String.format(Locale.ROOT, "%.2f", -0.004));
        assertThat(twoDecimals(3.999)).isEqualTo("4.00");
        assertThat(twoDecimals(Double.NaN)).isEqualTo("NaN");
        assertThat(twoDecimals(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(twoDecimals(2.5e17)).isEqualTo(String.format(Locale.ROOT, "%.2f", 2.5e17));
    }

    @Test
    void saysWhySubsystemIsGoodOrFlagged() {
        Thresholds t = new Thresholds(1.25, 2.5);
        List<FeatureContribution> top = List.of(
                new FeatureContribution("muons_calo_q1_pt_p50", "muons_calo", 9.0, 0.412),
                new FeatureContribution("muons_calo_q2_eta_mean", "muons_calo", 4.0, 0.186),
                new FeatureContribution("photons_PF_q1_pt_p99", "photons_PF", 3.0, 0.071),
                new FeatureContribution("photons_PF_q3_phi_std", "photons_PF", 2.0, 0.05));

        assertThat(FlagReason.of("Muon", FlagLevel.GOOD, SubsystemFlagger.AUTOENCODER, 0.4567, t, Map.of(), top))
                .isEqualTo("Muon GOOD: score 0.46 below WARNING threshold 1.25");
        Map<String, Double> groupScores = Map.of("muons_calo", 4.2, "photons_PF", 1.0);
        assertThat(FlagReason.of("Muon", FlagLevel.BAD, SubsystemFlagger.AUTOENCODER, 3.14159, t, groupScores, top))
                .isEqualTo("Muon BAD: score 3.14 >= BAD threshold 2.50; muons_calo reconstructs worst (score 4.20); "
                        + "largest deviations: muons_calo_q1_pt_p50 (41% of muons_calo error), "
                        + "muons_calo_q2_eta_mean (19% of muons_calo error), "
                        + "photons_PF_q1_pt_p99 (7% of photons_PF error)");
        assertThat(FlagReason.of("Muon", FlagLevel.BAD, SubsystemFlagger.STATISTICAL_PEER, 3.14159, t, groupScores,
                List.of())).startsWith("Muon BAD: statistical-peer score 3.14 >= BAD threshold 2.50; ");
        assertThat(FlagReason.of("Hcal", FlagLevel.WARNING, SubsystemFlagger.AUTOENCODER, 1.3, t, groupScores,
                List.of()))
                .isEqualTo("Hcal WARNING: score 1.30 >= WARNING threshold 1.25; ? reconstructs worst (score NaN); "
                        + "largest deviations: ");
    }

    private static String twoDecimals(double value) {
        StringBuilder b = new StringBuilder();
        FlagReason.twoDecimals(b, value);
        return b.toString();
    }
}
