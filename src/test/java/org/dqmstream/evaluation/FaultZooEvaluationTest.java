package org.dqmstream.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dqmstream.TestModels;
import org.dqmstream.config.MonitorConfig;
import org.dqmstream.generator.GeneratorSettings;
import org.dqmstream.generator.LumisectionGenerator;
import org.dqmstream.encoding.PackedFloats;
import org.dqmstream.ingest.ValidLumisection;
import org.dqmstream.model.ModelBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detectors on the fault zoo, on generated runs of a seed no training used. The run context's
 * parameters were chosen looking at SHIFT, STEP, RAMP and SPIKE; SCALE, WIDTH and DEAD were left out of
 * every choice, and FROZEN out of the stale-readout check's: the floors on them are the held-out judgement.
 * Floors sit below what this bundle measured (printed), by about a tenth, for run-to-run noise.
 */
class FaultZooEvaluationTest {
    private static ModelBundle bundle;
    private static FaultZooEvaluation.Result withRunContext;
    private static FaultZooEvaluation.Result modelAlone;

    @BeforeAll
    static void evaluate() {
        bundle = TestModels.bundle();
        List<ValidLumisection> clean = new LumisectionGenerator(bundle.layout(), GeneratorSettings.defaults(4242)
                .withFaultFraction(0)).take(2000).stream()
                .map(g -> new ValidLumisection(g.record(), PackedFloats.unpack(g.record().getFeatures()))).toList();
        MonitorConfig config = MonitorConfig.defaults();
        withRunContext = FaultZooEvaluation.evaluate(bundle, config.runs().stale(), clean, 7, 256);
        ModelBundle withoutRunContext = new ModelBundle(bundle.version(), bundle.createdAt(), bundle.layout(),
                bundle.groups(), bundle.subsystems(), bundle.thresholds(), bundle.training(), null,
                bundle.scoreParts());
        modelAlone = FaultZooEvaluation.evaluate(withoutRunContext, config.runs().stale(), clean, 7, 256);
        System.out.print("With the run context:\n" + FaultZooEvaluation.text(withRunContext));
        System.out.print("Model and stale readout alone:\n" + FaultZooEvaluation.text(modelAlone));
    }

    private static FaultZooEvaluation.FamilyResult strong(FaultZooEvaluation.Result r, FaultZoo.Family family) {
        return r.families().stream().filter(f -> f.family() == family && f.minSigma() == 1.5).findFirst()
                .orElseThrow();
    }


    @Test
    void readoutThatStopsOrDiesIsFoundAlmostAlways() {
        for (FaultZoo.Family family : List.of(FaultZoo.Family.FROZEN, FaultZoo.Family.DEAD)) {
            for (FaultZooEvaluation.FamilyResult f : withRunContext.families()) {
                if (f.family() == family) {
                    assertThat(f.minAuc()).as(family + " AUC").isGreaterThan(0.98);
                    assertThat(f.badEfficiency()).as(family + " BAD efficiency").isGreaterThan(0.95);
                }
            }
        }
    }

    @Test
    void heldOutFamiliesAtOneAndAHalfToThreeSigmaAreMostlyFlagged() {
        for (FaultZoo.Family family : List.of(FaultZoo.Family.SCALE, FaultZoo.Family.WIDTH)) {
            FaultZooEvaluation.FamilyResult f = strong(withRunContext, family);
            assertThat(f.meanAuc()).as(family + " AUC").isGreaterThan(0.95);
            assertThat(f.badEfficiency()).as(family + " BAD efficiency").isGreaterThan(0.8);
            assertThat(f.detected()).as(family + " episodes detected").isGreaterThan(0.9);
        }
    }

    /**
     * The run context follows good data's run conditions (see RunDeviation): made for shifts along them
     * that start inside a run, it takes half of each false-alarm rate from the model. On the zoo's families,
     * which mostly leave the subspace the peer watches, that must cost little ranking.
     */
    @Test
    void theRunContextCostsTheHeldOutFamiliesLittle() {
        for (double sigma : new double[] {0.45, 1.5}) {
            double gain = 0;
            for (FaultZoo.Family family : List.of(FaultZoo.Family.SCALE, FaultZoo.Family.WIDTH)) {
                gain += auc(withRunContext, family, sigma) - auc(modelAlone, family, sigma);
            }
            assertThat(gain / 2).as("mean AUC change at " + sigma + " sigma").isGreaterThan(-0.03);
        }
    }

    @Test
    void theStatisticalPeerAloneRanksTheHeldOutFamiliesAtLeastAsWellAsTheAutoencoderAlone() {
        for (FaultZoo.Family family : List.of(FaultZoo.Family.SCALE, FaultZoo.Family.WIDTH)) {
            FaultZooEvaluation.FamilyResult f = strong(modelAlone, family);
            assertThat(f.peerAuc()).as(family + ": peer " + f.peerAuc() + ", autoencoder " + f.autoencoderAuc())
                    .isGreaterThanOrEqualTo(f.autoencoderAuc());
        }
    }

    private static double auc(FaultZooEvaluation.Result r, FaultZoo.Family family, double minSigma) {
        return r.families().stream().filter(f -> f.family() == family && f.minSigma() == minSigma).findFirst()
                .orElseThrow().meanAuc();
    }

    /** The small test bundle calibrates on few held-out runs: the default bundle's rates are in the README. */
    @Test
    void cleanFalseAlarmsStayNearTheCalibratedRate() {
        double target = bundle.training().badFalseAlarmRate();
        for (Map.Entry<String, Rate> e : withRunContext.cleanBadRate().entrySet()) {
            assertThat(e.getValue().rate()).as(e.getKey()).isLessThan(3 * target);
        }
    }
}
