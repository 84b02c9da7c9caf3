package org.dqmstream.model;

import java.util.Arrays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class LumisectionTrainerTest {

    @Test
    void upperQuantileLeavesTheRequestedShareAbove() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i;
        }
        assertThat(LumisectionTrainer.upperQuantile(sorted, 0.05)).isEqualTo(94.0);
        assertThat(LumisectionTrainer.upperQuantile(sorted, 0.01)).isEqualTo(98.0);
        long above = Arrays.stream(sorted).filter(v -> v > 94.0).count();
        assertThat(above).isEqualTo(5);
    }

    @Test
    void theModelAndTheRunDeviationTogetherFlagTheRequestedShare() {
        java.util.Random rng = new java.util.Random(3);
        double[] scores = new double[2000];
        double[] deviations = new double[2000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = rng.nextGaussian();
            deviations[i] = 0.5 * scores[i] + rng.nextGaussian(); // related, as a run's deviation is to its score
        }
        for (double rate : new double[] {0.01, 0.05}) {
            double[] t = LumisectionTrainer.fill(scores, deviations, rate);
            int byModel = 0, either = 0;
            for (int i = 0; i < scores.length; i++) {
                byModel += scores[i] > t[0] ? 1 : 0;
                either += scores[i] > t[0] || deviations[i] > t[1] ? 1 : 0;
            }
            assertThat(byModel).as("the model's share").isEqualTo((int) Math.round(rate * LumisectionTrainer.MODEL_SHARE
                    * scores.length));
            assertThat(either).as("both together").isEqualTo((int) Math.round(rate * scores.length));
        }
    }

    @Test
    void lossIsWeightedByTheLabelMask() {
        // The second example is reconstructed terribly; with weight 0 its values must not matter at all.
        MultiLayerNetwork net = AutoencoderFactory.create(4, 1e-3, 1);
        float[][] rows = {{0.1f, 0.2f, 0.3f, 0.4f}, {50f, -50f, 50f, -50f}};
        float[][] otherRows = {{0.1f, 0.2f, 0.3f, 0.4f}, {-9f, 9f, 0f, 3f}};
        double weightless = net.score(LumisectionTrainer.weightedBatch(List.of(0, 1), rows, new double[] {1, 0}));
        double weightlessOther = net.score(LumisectionTrainer.weightedBatch(List.of(0, 1), otherRows, new double[] {1, 0}));
        double unweighted = net.score(LumisectionTrainer.weightedBatch(List.of(0, 1), rows, new double[] {1, 1}));
        double doubled = net.score(LumisectionTrainer.weightedBatch(List.of(0, 1), rows, new double[] {1, 2}));
        assertThat(weightless).isCloseTo(weightlessOther, within(1e-9));
        assertThat(unweighted).isGreaterThan(100 * weightless);
        // Weight 2 counts the bad example about twice (DL4J's score adds a small regularization term).
        assertThat((doubled - weightless) / (unweighted - weightless)).isCloseTo(2.0, within(0.01));
    }

    @Test
    void weightsAreLuminosityOverItsMean() {
        DataSet batch = LumisectionTrainer.weightedBatch(List.of(1, 0), new float[][] {{1f}, {2f}}, new double[] {0.5, 1.5});
        assertThat(batch.getLabelsMaskArray().toFloatVector()).containsExactly(1.5f, 0.5f);
        assertThat(batch.getFeatures().toFloatVector()).containsExactly(2f, 1f);
    }

    @Test
    void autoencoderFollowsThePhysicsSeedShape() {
        MultiLayerNetwork net = AutoencoderFactory.create(266, 1e-3, 1);
        assertThat(net.layerSize(0)).isEqualTo(150);
        assertThat(net.layerSize(1)).isEqualTo(20);
        assertThat(net.layerSize(2)).isEqualTo(150);
        assertThat(net.layerSize(3)).isEqualTo(266);
        MultiLayerNetwork small = AutoencoderFactory.create(6, 1e-3, 1);
        assertThat(small.layerSize(1)).as("the code stays narrower than the input").isLessThan(6);
    }

    @Test
    void errorReferenceFollowsLuminosity() {
        // Good data whose error falls as 1/sqrt(L), as sampling noise does.
        double[] lumi = {20, 40, 80, 160, 320};
        double[] errors = new double[lumi.length];
        for (int i = 0; i < lumi.length; i++) {
            errors[i] = 3.0 / Math.sqrt(lumi[i]);
        }
        ErrorReference r = ErrorReference.fit(errors, lumi, new double[] {1, 1, 1, 1, 1});
        assertThat(r.luminosityExponent()).isCloseTo(-0.5, within(1e-9));
        for (int i = 0; i < lumi.length; i++) {
            assertThat(r.expected(lumi[i])).isCloseTo(errors[i], within(1e-9));
        }
        ErrorReference flat = ErrorReference.fit(new double[] {1, 3}, new double[] {50, 50}, new double[] {1, 1});
        assertThat(flat.luminosityExponent()).as("no spread in luminosity: the seed's plain mean").isZero();
        assertThat(flat.expected(10)).isEqualTo(2.0);
    }

    @Test
    void standardizationCentresAndScales() {
        Standardization s = Standardization.fit(new float[][] {{1, 10, 5}, {3, 30, 5}});
        assertThat(s.apply(new float[] {2, 20, 5})).containsExactly(0f, 0f, 0f);
        assertThat(s.apply(new float[] {3, 30, 5})[0]).isEqualTo(1f);
        assertThat(s.std()[2]).as("constant feature never divides by zero").isPositive();
    }

    @Test
    void scoreIsLogOfErrorOverGoodDataMean() {
        ScoreReference reference = new ScoreReference(new ErrorReference(0.5, 100, 0), null, 0);
        ChannelGroupModel m = new ChannelGroupModel("g", AutoencoderFactory.create(4, 1e-3, 1),
                Standardization.fit(new float[][] {{0, 0, 0, 0}, {1, 1, 1, 1}}), null, reference, null, 0);
        assertThat(reference.score(0.5, 99, 30)).as("without a top reference the mean alone").isEqualTo(0.0);
        assertThat(reference.score(0.5 * Math.E, 0, 300)).isCloseTo(1.0, within(1e-12));
        assertThat(reference.score(0, 0, 100)).isFinite();
        assertThat(reference.withOffset(0.25).score(0.5 * Math.E, 0, 300)).isCloseTo(0.75, within(1e-12));
        assertThat(m.peerScore(m.reconstruct(new float[][] {{0, 0, 0, 0}}), 0, 100)).as("no peer").isNaN();
        var r = m.reconstruct(new float[][] {{0, 0, 0, 0}, {1, 0, 1, 0}});
        assertThat(r.squaredErrors()).hasNumberOfRows(2);
        assertThat(r.meanErrors()[1]).isCloseTo(
                (r.squaredErrors()[1][0] + r.squaredErrors()[1][1] + r.squaredErrors()[1][2] + r.squaredErrors()[1][3]) / 4.0,
                within(1e-6));
        assertThat(r.topErrors()[1]).as("a group smaller than TOP_FEATURES: the mean of all")
                .isCloseTo(r.meanErrors()[1], within(1e-6));
    }

    @Test
    void theUndilutedScoreSeesAFewLargeErrorsTheMeanHides() {
        int n = 200;
        ScoreReference reference = new ScoreReference(new ErrorReference(1.0, 100, 0), new ErrorReference(3.0, 100, 0),
                0);
        float[] halved = filled(n, 0.5f);
        ChannelGroupModel m = new ChannelGroupModel("g", AutoencoderFactory.create(n, 1e-3, 1),
                Standardization.fit(new float[][] {new float[n], filled(n, 1)}), halved, reference, null, 0);
        assertThat(reference.score(1.0, 3.0, 100)).isEqualTo(0.0);
        assertThat(reference.score(1.1, 3.0 * Math.E, 100)).as("the top errors tripled: the mean moved 10%")
                .isCloseTo(1.0, within(1e-12));
        var r = m.reconstruct(new float[][] {new float[n]});
        var unscaled = new ChannelGroupModel("g", m.network(), m.standardization(), null, reference, null, 0)
                .reconstruct(new float[][] {new float[n]});
        assertThat(r.squaredErrors()[0][7]).as("each error in units of good data's error for its feature")
                .isCloseTo(unscaled.squaredErrors()[0][7] * 0.5f, within(1e-6f));
        float[] sorted = r.squaredErrors()[0].clone();
        java.util.Arrays.sort(sorted);
        double top = 0;
        for (int i = 0; i < ChannelGroupModel.TOP_FEATURES; i++) {
            top += sorted[n - 1 - i];
        }
        assertThat(r.topErrors()[0]).isCloseTo(top / ChannelGroupModel.TOP_FEATURES, within(1e-5));
    }

    private static float[] filled(int n, float value) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
