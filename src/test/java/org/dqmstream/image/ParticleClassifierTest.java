package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.junit.jupiter.api.Test;

class ParticleClassifierTest {

    /** Images whose type is plain to see (hits in the type's own row), in a real-like 1:100 imbalance. */
    private static List<ParticleImage> separable(int perRare, int perCommon, long seed) {
        Random rng = new Random(seed);
        List<ParticleImage> out = new ArrayList<>();
        for (ParticleType t : ParticleType.values()) {
            int n = t == ParticleType.PION ? perCommon : perRare;
            for (int i = 0; i < n; i++) {
                byte[] pixels = new byte[100];
                for (int c = 0; c < 10; c++) {
                    pixels[t.ordinal() * 2 * 10 + c] = (byte) (1 + rng.nextInt(3));
                    pixels[rng.nextInt(100)] += 1;
                }
                out.add(new ParticleImage(out.size(), t, pixels));
            }
        }
        return out;
    }

    @Test
    void balancedSamplingLearnsRareTypesDespiteImbalance() {
        List<ParticleImage> training = separable(20, 2000, 1);
        List<ParticleImage> validation = separable(30, 300, 2);
        ParticleClassifier classifier = ParticleClassifier.train(training, validation,
                new ParticleClassifier.Settings(3, 500, 5e-3, 3), new ProgressBarBuilder().setUpdateIntervalMillis(60_000));
        Map<ParticleType, Double> recall = classifier.recall(validation);
        assertThat(recall.values()).allSatisfy(r -> assertThat(r).isGreaterThan(0.9));
        float[][] p = classifier.probabilities(validation.subList(0, 3));
        assertThat(p[0]).hasSize(5);
        double sum = 0;
        for (float v : p[0]) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void refusesAClassifierThatNeverRecognizesAType() {
        Map<ParticleType, Double> majorityOnly = new EnumMap<>(ParticleType.class);
        for (ParticleType t : ParticleType.values()) {
            majorityOnly.put(t, t == ParticleType.PION ? 1.0 : 0.0);
        }
        assertThatThrownBy(() -> ParticleClassifier.requireEveryTypeRecognized(majorityOnly))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("never recognizes [ELECTRON, MUON, KAON, PROTON]");
        Map<ParticleType, Double> fine = new EnumMap<>(ParticleType.class);
        for (ParticleType t : ParticleType.values()) {
            fine.put(t, 0.3);
        }
        ParticleClassifier.requireEveryTypeRecognized(fine);
    }

    @Test
    void needsEveryTypeInTraining() {
        List<ParticleImage> noMuons = separable(10, 10, 1).stream().filter(i -> i.type() != ParticleType.MUON).toList();
        assertThatThrownBy(() -> ParticleClassifier.train(noMuons, noMuons, new ParticleClassifier.Settings(1, 10, 1e-3, 1),
                new ProgressBarBuilder())).hasMessageContaining("no training images of type MUON");
    }
}
