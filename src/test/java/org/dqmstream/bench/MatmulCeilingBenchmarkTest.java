package org.dqmstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ceiling benchmark multiplies what it says; its speed is measured by bin/jmh, never here. */
class MatmulCeilingBenchmarkTest {
    @Test
    void multipliesTheTwoMatrices() {
        MatmulCeilingBenchmark b = new MatmulCeilingBenchmark();
        b.size = 64;
        b.setUp();
        try {
            assertThat(b.multiply().equalsWithEps(b.a.mmul(b.b), 1e-3)).isTrue();
        } finally {
            b.tearDown();
        }
    }
}
