package org.dqmstream.evaluation;

import java.util.Arrays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.dqmstream.image.ParticleImage;
import org.dqmstream.image.ParticleType;
import org.junit.jupiter.api.Test;

class ClassificationEvaluationTest {

    private static ParticleImage image(ParticleType t) {
        return new ParticleImage(1, t, new byte[100]);
    }

    private static float[] sure(ParticleType t, float p) {
        float[] row = new float[5];
        Arrays.fill(row, (1 - p) / 4);
        row[t.ordinal()] = p;
        return row;
    }

    @Test
    void scoresAMajorityGuesserAsItDeserves() {
        // 96 pions and one of each other type; the classifier says "pion" for everything.
        List<ParticleImage> images = new ArrayList<>();
        List<float[]> p = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            images.add(image(ParticleType.PION));
            p.add(sure(ParticleType.PION, 0.8f));
        }
        for (ParticleType t : List.of(ParticleType.ELECTRON, ParticleType.MUON, ParticleType.KAON, ParticleType.PROTON)) {
            images.add(image(t));
            p.add(sure(ParticleType.PION, 0.8f));
        }
        ClassificationEvaluation.Result r = ClassificationEvaluation.evaluate(ParticleType.names(), images, p.toArray(float[][]::new), 1);
        assertThat(r.natural().accuracy()).isEqualTo(0.96);
        // Only the pion class has a non-zero F1: 2*0.96*1/(1.96).
        assertThat(r.natural().macroF1()).isCloseTo(2 * 0.96 / 1.96 / 5, within(1e-3));
        assertThat(r.perClass().get(ParticleType.MUON.ordinal()).recall()).isZero();
        assertThat(r.confusion()[ParticleType.MUON.ordinal()][ParticleType.PION.ordinal()]).isEqualTo(1);
        assertThat(r.confusion()[ParticleType.PION.ordinal()][ParticleType.PION.ordinal()]).isEqualTo(96);
        assertThat(r.natural().logLoss()).isCloseTo((96 * -Math.log(0.8) + 4 * -Math.log(0.05)) / 100, within(1e-6));
        assertThat(r.balanced().images()).isEqualTo(5);
        assertThat(r.balanced().accuracy()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void aPerfectClassifierScoresOne() {
        List<ParticleImage> images = new ArrayList<>();
        List<float[]> p = new ArrayList<>();
        for (ParticleType t : ParticleType.values()) {
            for (int i = 0; i < 4; i++) {
                images.add(image(t));
                p.add(sure(t, 0.96f));
            }
        }
        ClassificationEvaluation.Result r = ClassificationEvaluation.evaluate(ParticleType.names(), images, p.toArray(float[][]::new), 1);
        assertThat(r.natural().macroF1()).isEqualTo(1.0);
        assertThat(r.perClass()).allSatisfy(t -> assertThat(t.auc()).isEqualTo(1.0));
        assertThat(r.balanced().logLoss()).isCloseTo(-Math.log(0.96), within(1e-6));
    }
}
