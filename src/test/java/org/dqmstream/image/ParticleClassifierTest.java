package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.junit.jupiter.api.Test;

class ParticleClassifierTest {

    @Test
    void balancedSamplingLearnsRareTypesDespiteImbalance() {
        List<ParticleImage> training = SeparableParticles.images(20, 2000, 1);
        List<ParticleImage> validation = SeparableParticles.images(30, 300, 2);
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
        List<ParticleImage> noMuons = SeparableParticles.images(10, 10, 1).stream().filter(i -> i.type() != ParticleType.MUON).toList();
        assertThatThrownBy(() -> ParticleClassifier.train(noMuons, noMuons, new ParticleClassifier.Settings(1, 10, 1e-3, 1),
                new ProgressBarBuilder())).hasMessageContaining("no training images of type MUON");
    }
}
