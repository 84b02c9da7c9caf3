package org.dqmstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StatisticalPeerTest {
    private static final int FEATURES = 40;
    private static final int RUNS = 40;
    private static final int PER_RUN = 20;

    /**
     * Good data as the generator makes it, in miniature: every feature a mix of three run conditions that
     * change from run to run (spread 1) and barely within one (spread 0.05), plus its own noise (0.1).
     */
    private static final class GoodData {
        final float[][] mixing = new float[3][FEATURES];
        final Random rng = new Random(5);

        GoodData() {
            for (float[] row : mixing) {
                for (int j = 0; j < FEATURES; j++) {
                    row[j] = (float) rng.nextGaussian();
                }
            }
        }

        float[] lumisection(double[] conditions) {
            float[] x = new float[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                double v = 0.1 * rng.nextGaussian();
                for (int c = 0; c < 3; c++) {
                    v += conditions[c] * mixing[c][j];
                }
                x[j] = (float) v;
            }
            return x;
        }

        double[] run() {
            return new double[] {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
        }

        double[] within(double[] run) {
            return new double[] {run[0] + 0.05 * rng.nextGaussian(), run[1] + 0.05 * rng.nextGaussian(),
                    run[2] + 0.05 * rng.nextGaussian()};
        }
    }

    private static StatisticalPeer fitted(GoodData data) {
        float[][] x = new float[RUNS * PER_RUN][];
        int[] runs = new int[x.length];
        for (int r = 0; r < RUNS; r++) {
            double[] run = data.run();
            for (int i = 0; i < PER_RUN; i++) {
                x[r * PER_RUN + i] = data.lumisection(data.within(run));
                runs[r * PER_RUN + i] = r;
            }
        }
        double[] ones = new double[x.length];
        java.util.Arrays.fill(ones, 1);
        return StatisticalPeer.fit(x, ones, ones, runs);
    }

    private static double topScore(StatisticalPeer peer, float[] x) {
        StatisticalPeer.Residuals r = peer.residuals(x, 1);
        return peer.score(r.means()[0], r.tops()[0], 1);
    }

    @Test
    void aShiftOfAFewFeaturesLeavesTheSubspaceWhileAnotherRunsConditionsDoNot() {
        GoodData data = new GoodData();
        StatisticalPeer peer = fitted(data);
        assertThat(peer.componentCount()).isEqualTo(StatisticalPeer.COMPONENTS);
        float[] good = data.lumisection(data.run());
        float[] shifted = good.clone();
        for (int j = 0; j < 5; j++) {
            shifted[j] += 0.5f; // half of one run condition's typical spread, in 5 of 40 features
        }
        double goodScore = topScore(peer, good);
        assertThat(goodScore).as("a new run's good lumisection").isLessThan(1.0);
        assertThat(topScore(peer, shifted) - goodScore).as("5 features moved by 5 times their noise: log of the "
                + "error ratio").isGreaterThan(1.5);
    }

    @Test
    void itsCoordinatesFollowTheRunConditionsInUnitsOfTheirSpreadWithinARun() {
        GoodData data = new GoodData();
        StatisticalPeer peer = fitted(data);
        float[] first = peer.residuals(data.lumisection(new double[] {0, 0, 0}), 1).coordinates();
        float[] moved = peer.residuals(data.lumisection(new double[] {0.5, 0, 0}), 1).coordinates();
        double squared = 0;
        for (int c = 0; c < 3; c++) {
            double d = (moved[c] - first[c]) * peer.driftScale()[c];
            squared += d * d;
        }
        assertThat(Math.sqrt(squared)).as("a step of 0.5 in a condition that moves 0.05 within a run")
                .isGreaterThan(4.0);
    }

    @Test
    void aGroupOfAFewCountersHasNoPeer() {
        float[][] x = new float[50][StatisticalPeer.MIN_FEATURES - 1];
        double[] ones = new double[50];
        assertThat(StatisticalPeer.fit(x, ones, ones, new int[50])).isNull();
    }
}
