package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.dqmstream.records.FlagLevel;
import org.dqmstream.records.SubsystemFlag;
import org.junit.jupiter.api.Test;

class ImageLumisectionCheckTest {
    private static final List<String> CLASSES = List.of("e", "mu", "pi", "K", "p");
    private static final double[] MIX = {0.05, 0.05, 0.6, 0.2, 0.1};
    private final Random rng = new Random(17);
    private final ImageReference reference = new ImageReference(CLASSES, MIX, uniform(4000));
    private final ImageLumisectionCheck check = new ImageLumisectionCheck(reference,
            new ImageLumisectionCheck.Settings("Tracker", 0.05, 0.01, 50), "pid-v1");

    private double[] uniform(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextDouble();
        }
        return out;
    }

    private long[] draw(double[] mix, int events) {
        long[] counts = new long[mix.length];
        for (int i = 0; i < events; i++) {
            double u = rng.nextDouble();
            int k = 0;
            while (k < mix.length - 1 && (u -= mix[k]) >= 0) {
                k++;
            }
            counts[k]++;
        }
        return counts;
    }

    private SubsystemFlag judge(long[] counts, double[] scores) {
        return check.judge(146_240, 7, Instant.EPOCH, counts, scores);
    }

    @Test
    void healthyLumisectionsRaiseFalseAlarmsAtMostAtTheChosenRates() {
        int bad = 0, warningOrWorse = 0, n = 1000;
        for (int i = 0; i < n; i++) {
            FlagLevel level = judge(draw(MIX, 400), uniform(400)).getLevel();
            bad += level == FlagLevel.BAD ? 1 : 0;
            warningOrWorse += level != FlagLevel.GOOD ? 1 : 0;
        }
        assertThat(bad / (double) n).isLessThan(0.02);
        assertThat(warningOrWorse / (double) n).isBetween(0.01, 0.07);
    }

    @Test
    void aShiftedClassMixIsBadAndTheReasonNamesTheClass() {
        SubsystemFlag flag = judge(draw(new double[] {0.05, 0.15, 0.5, 0.2, 0.1}, 400), uniform(400));
        assertThat(flag.getLevel()).isEqualTo(FlagLevel.BAD);
        assertThat(flag.getReason()).startsWith("Tracker BAD: 400 events").contains("mu ")
                .contains("against 5.0% in the reference");
        assertThat(flag.getScore()).isGreaterThan(flag.getBadThreshold());
        assertThat(flag.getSource()).isEqualTo("image");
        assertThat(flag.getModelVersion()).isEqualTo("pid-v1");
    }

    @Test
    void aChangedScoreShapeIsBad() {
        double[] skewed = uniform(400);
        for (int i = 0; i < skewed.length; i++) {
            skewed[i] = skewed[i] * skewed[i];
        }
        SubsystemFlag flag = judge(draw(MIX, 400), skewed);
        assertThat(flag.getLevel()).isEqualTo(FlagLevel.BAD);
        assertThat(flag.getReason()).contains("classifier-score shape differs");
    }

    @Test
    void tooFewEventsGiveNoVerdict() {
        SubsystemFlag flag = judge(new long[] {0, 10, 0, 0, 0}, uniform(10));
        assertThat(flag.getLevel()).isEqualTo(FlagLevel.GOOD);
        assertThat(flag.getReason()).contains("10 events, fewer than the 50 needed");
    }

    @Test
    void referenceComesFromHeldOutPredictions() {
        float[][] p = new float[100][];
        for (int i = 0; i < 100; i++) {
            p[i] = i < 80 ? new float[] {0.1f, 0.1f, 0.6f, 0.1f, 0.1f} : new float[] {0.1f, 0.1f, 0.2f, 0.5f, 0.1f};
        }
        ImageReference r = ImageReference.of(CLASSES, p, 2);
        assertThat(r.classFractions()[2]).isGreaterThan(r.classFractions()[3]).isGreaterThan(0.75);
        assertThat(r.classFractions()[0]).as("never predicted, still positive").isPositive();
        assertThat(r.scoreSample()).hasSize(100).contains((double) 0.6f, (double) 0.2f);
    }
}
