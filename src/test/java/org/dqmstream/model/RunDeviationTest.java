package org.dqmstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RunDeviationTest {
    private static final float[][] UNIT = {{1, 1}, {}};
    /** Model scores of lumisections it finds ordinary, for groups of one and of two. */
    private static final double[] ORDINARY = {-1};
    private static final double[] ORDINARY_2 = {-1, -1};

    @Test
    void theFirstLumisectionsFormTheBaselineThenEachIsMeasuredFromItInWithinRunSpreads() {
        // The second group has no directions.
        RunDeviation run = new RunDeviation("m", new int[] {2, 0});
        for (int i = 0; i < RunDeviation.BASELINE_LUMISECTIONS; i++) {
            assertThat(run.next(new float[][] {{1 + i, -1}, {}}, UNIT, ORDINARY_2)).containsOnly(Double.NaN);
        }
        // Baseline: (2.5, -1). A move of (2, 0): root mean square over 2 directions = sqrt(4 / 2).
        double[] d = run.next(new float[][] {{4.5f, -1}, {}}, UNIT, ORDINARY_2);
        assertThat(d[0]).isCloseTo(Math.sqrt(2), within(1e-6));
        assertThat(d[1]).as("a group without directions has no deviation").isNaN();
        assertThat(run.next(new float[][] {{2.5f, 1}, {}}, new float[][] {{1, 3}, {}}, ORDINARY_2)[0])
                .as("a move of 2 along a direction whose within-run spread is 1/3: 6 spreads")
                .isCloseTo(Math.sqrt(36 / 2.0), within(1e-6));
        assertThat(run.seen()).isEqualTo(6);
    }

    @Test
    void aStepInsideARunStandsOutWhileARunThatIsElsewhereThroughoutDoesNot() {
        RunDeviation elsewhere = new RunDeviation("m", new int[] {1});
        RunDeviation step = new RunDeviation("m", new int[] {1});
        double[] last = {0, 0};
        for (int i = 0; i < 12; i++) {
            last[0] = elsewhere.next(new float[][] {{30}}, new float[][] {{1}}, ORDINARY)[0];
            last[1] = step.next(new float[][] {{i < 8 ? 0 : 1}}, new float[][] {{1}}, ORDINARY)[0];
        }
        assertThat(last[0]).as("a run unlike others but steady: no deviation").isZero();
        assertThat(last[1]).as("a step of 1 after the baseline").isEqualTo(1.0);
    }

    @Test
    void aLumisectionTheModelFindsRareStaysOutOfTheBaseline() {
        RunDeviation run = new RunDeviation("m", new int[] {1});
        float[][] scale = {{1}};
        assertThat(run.next(new float[][] {{50}}, scale, new double[] {2.0})).containsOnly(Double.NaN);
        for (int i = 0; i < RunDeviation.BASELINE_LUMISECTIONS; i++) {
            assertThat(run.next(new float[][] {{0}}, scale, ORDINARY)).containsOnly(Double.NaN);
        }
        assertThat(run.next(new float[][] {{1}}, scale, ORDINARY)).as("measured from the 4 ordinary ones")
                .containsExactly(1.0);
    }

    @Test
    void anotherModelsDirectionsStartItAfresh() {
        RunDeviation run = new RunDeviation("m", new int[] {2, 0});
        assertThat(run.follows("m", new int[] {2, 0})).isTrue();
        assertThat(run.follows("retrained", new int[] {2, 0})).isFalse();
        assertThat(run.follows("m", new int[] {3, 0})).isFalse();
    }

    @Test
    void itSurvivesItsBytesAndAnEarlierEncodingStartsAfresh() {
        RunDeviation run = new RunDeviation("m", new int[] {3, 0, 1});
        // Scores of 0: ordinary, every lumisection enters the baselines.
        for (int i = 0; i < 7; i++) {
            run.next(new float[][] {{i, 2 * i, -i}, {}, {i}}, new float[][] {{1, 1, 1}, {}, {2}}, new double[3]);
        }
        ByteBuffer b = ByteBuffer.allocate(run.byteSize());
        run.write(b);
        b.flip();
        RunDeviation back = RunDeviation.read(b);
        assertThat(back).isEqualTo(run);
        float[][] next = {{9, 9, 9}, {}, {9}};
        float[][] scales = {{1, 1, 1}, {}, {2}};
        assertThat(back.next(next, scales, new double[3])).containsExactly(run.next(next, scales, new double[3]));

        ByteBuffer perSubsystem = ByteBuffer.allocate(4 + 4 + 16).putInt(6).putInt(2).putDouble(1).putDouble(2);
        perSubsystem.flip();
        RunDeviation dropped = RunDeviation.read(perSubsystem);
        assertThat(dropped.seen()).isZero();
        assertThat(perSubsystem.remaining()).isZero();
    }
}
