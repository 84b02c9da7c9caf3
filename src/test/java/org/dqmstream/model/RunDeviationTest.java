package org.dqmstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RunDeviationTest {

    @Test
    void theFirstLumisectionsFormTheBaselineThenEachScoreIsMeasuredFromIt() {
        RunDeviation run = new RunDeviation(2);
        for (int i = 0; i < RunDeviation.BASELINE_LUMISECTIONS; i++) {
            assertThat(run.next(new double[] {1 + i, -1})).containsOnly(Double.NaN);
        }
        // Baseline: mean of 1..4 = 2.5, and -1.
        assertThat(run.next(new double[] {4.5, -1})).containsExactly(2.0, 0.0);
        assertThat(run.next(new double[] {2.5, 1})[1]).isCloseTo(2.0, within(1e-12));
        assertThat(run.seen()).isEqualTo(6);
    }

    @Test
    void aStepInsideARunStandsOutWhileARunThatIsHighThroughoutDoesNot() {
        RunDeviation high = new RunDeviation(1);
        RunDeviation step = new RunDeviation(1);
        double[] last = {0, 0};
        for (int i = 0; i < 12; i++) {
            last[0] = high.next(new double[] {3})[0];
            last[1] = step.next(new double[] {i < 8 ? 0 : 1})[0];
        }
        assertThat(last[0]).as("a run unlike others but steady: no deviation").isZero();
        assertThat(last[1]).as("a step of 1 after the baseline").isEqualTo(1.0);
    }

    @Test
    void itSurvivesItsBytes() {
        RunDeviation run = new RunDeviation(3);
        for (int i = 0; i < 7; i++) {
            run.next(new double[] {i, 2 * i, -i});
        }
        ByteBuffer b = ByteBuffer.allocate(run.byteSize());
        run.write(b);
        b.flip();
        RunDeviation back = RunDeviation.read(b);
        assertThat(back).isEqualTo(run);
        assertThat(back.next(new double[] {9, 9, 9})).containsExactly(run.next(new double[] {9, 9, 9}));
    }
}
