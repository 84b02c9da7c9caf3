package org.dqmstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The CNN benchmark classifies its whole batch; its speed is measured by bin/jmh, never here. */
class NumuIdentifierBenchmarkTest {
    @Test
    void classifiesEveryEventOfTheBatch() {
        NumuIdentifierBenchmark b = new NumuIdentifierBenchmark();
        b.batch = 2;
        b.setUp();
        float[][] p = b.classifyBatch();
        assertThat(p).hasNumberOfRows(2);
        assertThat(p[0][0] + p[0][1]).isCloseTo(1f, within(1e-5f));
    }
}
